"""Papergraph and txtai side by side in one run: same machine, same bundled model, same chunk texts.

Usage: python bench/txtai_compare.py [--repeat 3]   (needs the bench extra: pip install -e '.[bench]')

Prints index build time (model already loaded), in-process search p50/p99 over the 61 evaluation
questions (threads pinned to 2 for torch, ONNX Runtime and FAISS; Papergraph's query cache cleared
before each query), and retrieval quality (note hit@5, paper MRR@10, nDCG@10) on the tuning set and
on the held-out set (bench/eval/heldout.yaml) for txtai dense, txtai hybrid, Papergraph's default
(hybrid, ONNX) and Papergraph hybrid on torch.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.ingest_and_search import percentile  # noqa: E402
from bench.search_quality import HELD_OUT, load_queries  # noqa: E402

from api.service import Service  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder, configure_threads, create_encoder, resolve_model_path  # noqa: E402
from embeddings.evaluation import evaluate  # noqa: E402
from embeddings.index import FaissFlatIndex  # noqa: E402
from embeddings.lexical import BM25Index  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402


class TxtaiSearch:
    """txtai over the same chunks, answering in Papergraph's result shape for the same metrics."""

    def __init__(self, chunks: list[dict], hybrid: bool):
        from txtai import Embeddings

        self.chunks = chunks
        self.embeddings = Embeddings(path=resolve_model_path(None)[1], content=True, hybrid=hybrid, backend="faiss")
        self.embeddings.index([(0, "warm up", None)])  # loads the model outside the timed build

    def build(self) -> float:
        started = time.perf_counter()
        self.embeddings.index([(i, c["index_text"], None) for i, c in enumerate(self.chunks)])
        return time.perf_counter() - started

    def search(self, query: str, k: int = 10, type=None, mode=None) -> dict:
        hits = self.embeddings.search(query, limit=max(k * 5, 50) if type else k * 2)
        results, seen = [], set()
        for hit in hits:
            chunk = self.chunks[int(hit["id"])]
            if (type and chunk["type"] != type) or chunk["id"] in seen:
                continue
            seen.add(chunk["id"])
            results.append({"id": chunk["id"], "paper_id": chunk.get("paper_id"), "score": hit["score"]})
            if len(results) >= k:
                break
        return {"results": results}


def papergraph_build(chunks: list[dict], encoder) -> float:
    started = time.perf_counter()
    vectors = encoder.encode([c["index_text"] for c in chunks])
    index = FaissFlatIndex(vectors.shape[1])
    index.add(vectors)
    BM25Index().fit([c["index_text"] for c in chunks])
    return time.perf_counter() - started


def timed(search, queries, clear=None) -> list[float]:
    times = []
    for query in queries * 2:
        if clear:
            clear()
        started = time.perf_counter()
        search(query, 10)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="index builds to take the median of")
    args = parser.parse_args()
    configure_threads(2)
    import torch

    torch.set_num_threads(2)
    queries, held_out = load_queries(), load_queries(HELD_OUT)
    texts = [q.text for q in queries]
    with tempfile.TemporaryDirectory() as temporary:
        onnx = create_encoder(backend="onnx", cache_dir=Path(temporary) / "cache", threads=2)
        kb = Path(temporary) / "kb"
        run_ingest(None, kb, encoder=onnx)
        snapshot = load_snapshot(kb)
        chunks = list(snapshot.chunks)
        ours = Service(snapshot, onnx)
        torch_encoder = SentenceTransformerEncoder()
        ours_torch = Service(snapshot, torch_encoder)
        rows = []
        for name, system in (("txtai dense", TxtaiSearch(chunks, False)), ("txtai hybrid", TxtaiSearch(chunks, True))):
            build = statistics.median(system.build() for _ in range(args.repeat))
            times = timed(system.search, texts)
            p50, p99 = percentile(times, 50), percentile(times, 99)
            rows.append((name, build, p50, p99, evaluate(system.search, queries, "n/a"),
                         evaluate(system.search, held_out, "n/a")))
        for name, service, encoder in (("Papergraph (hybrid, ONNX)", ours, onnx),
                                       ("Papergraph (hybrid, torch)", ours_torch, torch_encoder)):
            build = statistics.median(papergraph_build(chunks, encoder) for _ in range(args.repeat))
            times = timed(service.search, texts, service.engine.encode_query.cache_clear)
            p50, p99 = percentile(times, 50), percentile(times, 99)
            rows.append((name, build, p50, p99, evaluate(service.search, queries, "hybrid"),
                         evaluate(service.search, held_out, "hybrid")))
    print(f"# {len(chunks)} chunks of the bundled notes, {len(queries)} tuning and {len(held_out)} held-out "
          f"questions, model {onnx.model_id}, 2 threads, {os.cpu_count()} cpus")
    print(f"{'':<45} {'-- tuning set --':^22} {'-- held-out set --':^22}")
    print(f"{'system':<28} {'build s':>8} {'p50 ms':>7} {'p99 ms':>7} {'hit@5':>6} {'MRR@10':>7} {'nDCG@10':>8} "
          f"{'hit@5':>6} {'MRR@10':>7} {'nDCG@10':>8}")
    for name, build, p50, p99, *sets in rows:
        quality = " ".join(f"{q['note_hit@5']:>6.3f} {q['paper_mrr@10']:>7.3f} {q['ndcg@10']:>8.3f}" for q in sets)
        print(f"{name:<28} {build:>8.2f} {p50:>7.2f} {p99:>7.2f} {quality}")
    txtai_best_p50 = min(r[2] for r in rows if r[0].startswith("txtai"))
    print(f"# Papergraph default p50 / fastest txtai p50 = {rows[2][2] / txtai_best_p50:.2f} (target <= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
