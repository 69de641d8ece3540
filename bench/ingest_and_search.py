"""Ingest and search benchmarks: bundled notes (cold, re-ingest, search p50/p99) and a synthetic 100k run.

Usage: python bench/ingest_and_search.py [--repeat 3] [--synthetic 100000] [--encode 20000]

Prints the machine, then each figure beside its target. Timings are medians of ``--repeat`` runs.
The synthetic run encodes ``--encode`` generated chunks with the real model (chunks/s), then tiles
those vectors (with noise) up to ``--synthetic`` rows to time index builds, searches and memory.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from api.service import Service  # noqa: E402
from embeddings.encoder import configure_threads, create_encoder  # noqa: E402
from embeddings.index import FaissFlatIndex, FaissHNSWIndex  # noqa: E402
from embeddings.lexical import BM25Index  # noqa: E402
from embeddings.search import SearchEngine  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402

from bench.search_quality import load_queries  # noqa: E402
from bench.served import memory_mb  # noqa: E402


def percentile(values, q) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def row(name: str, value: str, target: str = "") -> None:
    print(f"  {name:<44} {value:>14}   {target}")


def bench_bundled(repeat: int) -> None:
    print("bundled notes (data/notes, 24 papers)")
    cold, warm = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as temporary:
            kb = Path(temporary) / "kb"
            started = time.perf_counter()
            report = run_ingest(None, kb)  # loads the model itself: a true cold ingest
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            again = run_ingest(None, kb)
            warm.append(time.perf_counter() - started)
            assert again.embedded == 0
    row("cold ingest (model load + embed + write)", f"{statistics.median(cold):.2f} s", "target <= 10 s")
    row("unchanged re-ingest (0 chunks embedded)", f"{statistics.median(warm):.2f} s", "target <= 3 s")
    row("chunks", str(report.chunks))

    encoder = create_encoder(threads=2)
    with tempfile.TemporaryDirectory() as temporary:
        kb = Path(temporary) / "kb"
        run_ingest(None, kb, encoder=encoder)
        service = Service(load_snapshot(kb), encoder)
        queries = [q.text for q in load_queries()]
        for mode in ("dense", "hybrid"):
            for query in queries[:10]:
                service.search(query, 10, mode=mode)
            times = []
            for _ in range(max(1, 300 // len(queries))):
                for query in queries:
                    service.engine.encode_query.cache_clear()  # time the encoder, not the query cache
                    started = time.perf_counter()
                    service.search(query, 10, mode=mode)
                    times.append(time.perf_counter() - started)
            row(f"search {mode} in-process p50 / p99 ({len(times)} q)",
                f"{percentile(times, 50):.1f} / {percentile(times, 99):.1f} ms", "target p50 <= 8 ms")
        times = []
        for query in queries * 3:
            started = time.perf_counter()
            encoder.encode_query(query)
            times.append(time.perf_counter() - started)
        row("  of which query encoding p50", f"{percentile(times, 50):.1f} ms")


def synthetic_texts(count: int, seed: int = 7) -> list[str]:
    """Reproducible note-like texts: paper names, concept words and filler in short sentences."""
    rng = random.Random(seed)
    papers = [f"Model{i}" for i in range(2000)]
    concepts = ("attention", "residual block", "batch normalization", "replay buffer", "anchor box", "dropout",
                "gradient", "encoder", "decoder", "convolution", "pooling", "policy", "reward", "mask", "loss")
    verbs = ("improves", "replaces", "stabilizes", "speeds up", "removes", "needs", "adds", "reduces")
    objects = ("training", "inference", "overfitting", "the bias", "memory", "accuracy", "the variance", "depth")
    return [f"{rng.choice(papers)} ({rng.randint(1990, 2025)}): why does {rng.choice(concepts)} "
            f"{rng.choice(verbs)} {rng.choice(objects)}? - {rng.choice(concepts)} {rng.choice(verbs)} "
            f"{rng.choice(objects)} when {rng.choice(concepts)} {rng.choice(verbs)} {rng.choice(objects)}"
            for _ in range(count)]


def bench_synthetic(total: int, encode: int) -> None:
    print(f"synthetic corpus ({total} chunks)")
    encoder = create_encoder(threads=2)
    texts = synthetic_texts(total)
    sample = texts[:encode]
    started = time.perf_counter()
    vectors = encoder.encode(sample)
    seconds = time.perf_counter() - started
    row(f"encode {encode} chunks ({encoder.device}, batch {encoder.batch_size})", f"{encode / seconds:.0f} chunks/s",
        "target >= 150")
    rng = np.random.default_rng(7)
    full = np.empty((total, vectors.shape[1]), dtype=np.float32)
    for start in range(0, total, len(vectors)):  # tile the real vectors with a little noise, in place
        block = full[start:start + len(vectors)]
        block[:] = vectors[: len(block)] + rng.standard_normal(block.shape, dtype=np.float32) * 0.02
    full /= np.linalg.norm(full, axis=1, keepdims=True)
    del vectors
    started = time.perf_counter()
    lexical = BM25Index().fit(texts)
    row("BM25 build", f"{time.perf_counter() - started:.1f} s")
    chunks = [{"id": f"n{i}", "type": "note", "title": f"n{i}", "paper_id": None, "text": t, "source": None}
              for i, t in enumerate(texts)]
    queries = [q.text for q in load_queries()]
    query_vectors = encoder.encode(queries)
    exact = None
    for index_class in (FaissFlatIndex, FaissHNSWIndex):
        index = index_class(full.shape[1])
        started = time.perf_counter()
        index.add(full)
        row(f"{index.kind} index build", f"{time.perf_counter() - started:.1f} s")
        top = index.search(query_vectors, 10)[1]
        if exact is None:
            exact = top
        else:
            recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, top)])
            row(f"{index.kind} recall@10 against exact", f"{recall:.3f}", "target >= 0.98")
        engine = SearchEngine(chunks, index, lexical, encoder)
        for mode in ("dense", "hybrid"):
            times = []
            for query in queries * 2:
                engine.encode_query.cache_clear()
                started = time.perf_counter()
                engine.search(query, 10, mode=mode)
                times.append(time.perf_counter() - started)
            row(f"{index.kind} search {mode} p50 / p99", f"{percentile(times, 50):.1f} / {percentile(times, 99):.1f} ms")
        row(f"RSS serving with the {index.kind} index", f"{memory_mb()[0]} MB", "target <= 1024 MB")
        del engine, index
        gc.collect()
    row("peak RSS (whole run, incl. encoding)", f"{memory_mb()[1]} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--encode", type=int, default=20_000)
    parser.add_argument("--skip-bundled", action="store_true")
    args = parser.parse_args()
    configure_threads(int(os.environ.get("KG_THREADS", "2")))
    import torch

    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, python {platform.python_version()}")
    if not args.skip_bundled:
        bench_bundled(args.repeat)
    if args.synthetic:
        bench_synthetic(args.synthetic, min(args.encode, args.synthetic))
    return 0


if __name__ == "__main__":
    sys.exit(main())
