"""Encoder backends and batch sizes side by side: chunks/s, peak memory, and the search quality kept.

Usage: python bench/encoder_backends.py [--chunks 3000] [--notes DIR] [--batches 8 64]

Each configuration runs in a fresh child process (so its peak resident memory is its own): it
loads the encoder, encodes ``--chunks`` texts and reports chunks/s and peak RSS. Two kinds of text:
the index texts of the bundled notes' chunks (papers, concepts and notes with their context,
cycled to ``--chunks``), and note chunks made by bench/synthetic_notes.py. Then each backend builds a knowledge base of the bundled notes and is scored on both labelled
query sets (hybrid search): note hit@5, paper MRR@10, nDCG@10, and hit@5 as a share of fp32's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.served import memory_mb  # noqa: E402

BACKENDS = ("torch", "onnx", "onnx-int8")


def encode_once(backend: str, batch: int, texts_file: Path, cache: Path) -> dict:
    """One configuration, in this (child) process."""
    from embeddings.encoder import configure_threads, create_encoder

    configure_threads(2)
    encoder = create_encoder(backend=backend, cache_dir=cache, threads=2)
    encoder.batch_size = batch
    texts = json.loads(texts_file.read_text())
    encoder.encode(texts[:64])  # warm up
    started = time.perf_counter()
    encoder.encode(texts)
    seconds = time.perf_counter() - started
    return {"backend": backend, "batch": batch, "chunks_per_s": len(texts) / seconds, "peak_mb": memory_mb()[1]}


def index_texts(notes: Path) -> list[dict]:
    from ingest.catalog import load_catalog
    from ingest.chunks import build_chunks
    from ingest.graph_build import build_graph
    from ingest.notes import parse_paths

    return build_chunks(build_graph(parse_paths([notes], display_root=notes), load_catalog()).graph)


def bundled_texts(count: int) -> list[str]:
    """The bundled notes' index texts, cycled to ``count``."""
    from ingest.pipeline import default_notes_path

    texts = [c["index_text"] for c in index_texts(default_notes_path())]
    return [texts[i % len(texts)] for i in range(count)]


def synthetic_texts(count: int, notes: Path | None) -> list[str]:
    """Index texts of ``count`` note chunks of generated notes (made here unless ``notes`` is given)."""
    with tempfile.TemporaryDirectory() as temporary:
        if notes is None:
            notes = Path(temporary) / "notes"
            subprocess.run([sys.executable, str(ROOT / "bench" / "synthetic_notes.py"), str(notes),
                            "--chunks", str(count * 2)], check=True, capture_output=True)
        texts = [c["index_text"] for c in index_texts(notes) if c["type"] == "note"]
    return texts[len(texts) // 2:][:count]  # later lines: notes that name earlier papers and concepts


def quality(backends, cache: Path) -> dict:
    from bench.search_quality import QUERY_SETS, load_queries

    from api.service import Service
    from embeddings.encoder import create_encoder
    from embeddings.evaluation import evaluate
    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    scores = {}
    for backend in backends:
        encoder = create_encoder(backend=backend, cache_dir=cache, threads=2)
        with tempfile.TemporaryDirectory() as temporary:
            run_ingest(None, Path(temporary) / "kb", encoder=encoder)
            service = Service(load_snapshot(Path(temporary) / "kb"), encoder)
            scores[backend] = {name: evaluate(service.search, load_queries(path), "hybrid")
                               for name, path in QUERY_SETS.items()}
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=3000, help="synthetic note chunks to encode per run")
    parser.add_argument("--notes", type=Path, help="notes from bench/synthetic_notes.py (default: generate)")
    parser.add_argument("--batches", type=int, nargs="+", default=[8, 64], help="batch sizes to compare")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        backend, batch, texts_file, cache = args.child
        print(json.dumps(encode_once(backend, int(batch), Path(texts_file), Path(cache))))
        return 0

    with tempfile.TemporaryDirectory() as temporary:
        cache = Path(temporary) / "cache"
        quality(["onnx"], cache)  # exports the model once, outside the timed runs
        print(f"# {platform.machine()}, {os.cpu_count()} cpus, 2 threads; a fresh process per row")
        print(f"{'texts':<32} {'backend':<10} {'batch':>5} {'chunks/s':>9} {'peak MB':>8}")
        for name, texts in (("bundled notes' chunks", bundled_texts(args.chunks)),
                            ("synthetic note chunks", synthetic_texts(args.chunks, args.notes))):
            texts_file = Path(temporary) / "texts.json"
            texts_file.write_text(json.dumps(texts))
            label = f"{name} ({sum(map(len, texts)) / len(texts):.0f} ch)"
            for backend in BACKENDS:
                for batch in args.batches:
                    done = subprocess.run([sys.executable, __file__, "--child", backend, str(batch), str(texts_file),
                                           str(cache)], check=True, capture_output=True, text=True)
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    print(f"{label:<32} {backend:<10} {batch:>5} {result['chunks_per_s']:>9.0f} "
                          f"{result['peak_mb']:>8}", flush=True)
        scores = quality(BACKENDS, cache)
    print("\nsearch quality of a knowledge base built and queried with each backend (hybrid):")
    print(f"{'backend':<10} {'set':<9} {'hit@5':>6} {'MRR@10':>7} {'nDCG@10':>8} {'hit@5 / fp32':>13}")
    for backend, sets in scores.items():
        for name, row in sets.items():
            kept = row["note_hit@5"] / scores["onnx"][name]["note_hit@5"]
            print(f"{backend:<10} {name:<9} {row['note_hit@5']:>6.3f} {row['paper_mrr@10']:>7.3f} "
                  f"{row['ndcg@10']:>8.3f} {kept:>13.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
