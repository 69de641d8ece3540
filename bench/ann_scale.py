"""Exact (flat) against approximate (HNSW) FAISS search at 10k, 100k and 1M vectors: recall@10,
latency, build time and memory — the numbers behind the factory's exact-to-approximate switch.

Usage: python bench/ann_scale.py [--sizes 10000 100000 1000000] [--ef 32 64 96 128 256]

Vectors are generated without the model at scale: 5,000 real embeddings of generated note texts
are the anchors, and each vector is a normalized random blend of two anchors plus noise, so the
set has the real embeddings' geometry without duplicates. Queries are the 61 evaluation questions
embedded by the real model plus 200 held-out blends.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.ingest_and_search import synthetic_texts  # noqa: E402
from bench.served import memory_mb  # noqa: E402
from bench.search_quality import load_queries  # noqa: E402

from embeddings.encoder import configure_threads, create_encoder  # noqa: E402
from embeddings.index import EXACT_MAX_VECTORS, FaissFlatIndex, FaissHNSWIndex  # noqa: E402


def blends(anchors: np.ndarray, count: int, rng: np.random.Generator, chunk: int = 100_000) -> np.ndarray:
    out = np.empty((count, anchors.shape[1]), dtype=np.float32)
    for start in range(0, count, chunk):
        n = min(chunk, count - start)
        a = anchors[rng.integers(0, len(anchors), n)]
        b = anchors[rng.integers(0, len(anchors), n)]
        weight = rng.uniform(0.5, 1.0, size=(n, 1)).astype(np.float32)
        block = weight * a + (1 - weight) * b + rng.standard_normal(a.shape, dtype=np.float32) * 0.03
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + n] = block
    return out


def recall(exact: np.ndarray, approx: np.ndarray) -> float:
    return float(np.mean([len(set(e) & set(a)) / len(e) for e, a in zip(exact, approx)]))


def single_query_ms(index, queries: np.ndarray, k: int = 10) -> tuple[float, float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        index.search(query[None, :], k)
        times.append((time.perf_counter() - started) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--ef", type=int, nargs="+", default=[32, 64, 96, 128, 256])
    parser.add_argument("--m", type=int, default=32, help="HNSW neighbours per node")
    parser.add_argument("--ef-construction", type=int, default=80)
    parser.add_argument("--skip-exact-timing", action="store_true")
    args = parser.parse_args()
    configure_threads(2)
    encoder = create_encoder(threads=2)
    rng = np.random.default_rng(7)
    anchors = encoder.encode(synthetic_texts(5_000, seed=11))
    questions = encoder.encode([q.text for q in load_queries()])
    queries = np.vstack([questions, blends(anchors, 200, np.random.default_rng(99))])
    print(f"# anchors: 5,000 real embeddings; queries: {len(queries)}; 2 threads; factory switch at "
          f"{EXACT_MAX_VECTORS:,} vectors")
    print(f"{'size':>9} {'index':<14} {'build s':>8} {'recall@10':>9} {'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7}")
    for size in args.sizes:
        vectors = blends(anchors, size, rng)
        flat = FaissFlatIndex(vectors.shape[1])
        started = time.perf_counter()
        flat.add(vectors)
        build = time.perf_counter() - started
        exact = flat.search(queries, 10)[1]
        p50, p99 = single_query_ms(flat, queries)
        print(f"{size:>9,} {'flat (exact)':<14} {build:>8.1f} {1.0:>9.3f} {p50:>7.2f} {p99:>7.2f} {memory_mb()[0]:>7}")
        del flat
        hnsw = FaissHNSWIndex(vectors.shape[1], m=args.m, ef_construction=args.ef_construction)
        started = time.perf_counter()
        hnsw.add(vectors)
        build = time.perf_counter() - started
        del vectors
        for ef in args.ef:
            hnsw._index.hnsw.efSearch = ef
            approx = hnsw.search(queries, 10)[1]
            p50, p99 = single_query_ms(hnsw, queries)
            print(f"{size:>9,} {f'hnsw {args.m}/{args.ef_construction}/{ef}':<14} {build:>8.1f} {recall(exact, approx):>9.3f} {p50:>7.2f} "
                  f"{p99:>7.2f} {memory_mb()[0]:>7}")
        del hnsw
    return 0


if __name__ == "__main__":
    sys.exit(main())
