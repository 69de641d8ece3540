"""Past one machine, measured side by side: FAISS (exact, HNSW) against Milvus Lite (FLAT, HNSW,
IVF_FLAT) on the same vectors; `kg ingest` in-process against `--ray` (a local Ray); SIGKILL during a
Milvus publish, N runs.

Usage:
    python bench/scale_vectors.py vectors [--sizes 100000] [--anchors 1000]
    python bench/scale_vectors.py ingest [--chunks 5000]
    python bench/scale_vectors.py crash [--runs 10]

``vectors``: the vectors are bench/ann_scale.py's blends of real embeddings of generated note texts
(``--anchors`` of them), the queries the evaluation questions embedded by the real model plus held-out
blends; recall@10 is against exact FAISS search; memory is the growth of this process's resident set
while an index is built and held (Milvus Lite runs in this process), so figures are comparable only
within one run. ``ingest``: synthetic notes (bench/synthetic_notes.py), each build into a fresh
knowledge base (cold embedding cache), wall time of the `kg` command. ``crash``: each run kills `kg
ingest --vectors FILE.db` at one of the points of a Milvus publish (ingest/vector_store.py), then
checks that the served snapshot loads with its own collection, answers as before, and that the next
build publishes and drops the orphans.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.served import KG, memory_mb  # noqa: E402


def rss_mb() -> float:
    return float(memory_mb()[0])


def _machine() -> str:
    return f"{platform.node()}: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, Python " \
           f"{platform.python_version()}"


def vectors_part(args) -> None:
    from bench.ann_scale import blends, recall, single_query_ms
    from bench.ingest_and_search import synthetic_texts
    from bench.search_quality import load_queries

    from embeddings.encoder import configure_threads, create_encoder
    from embeddings.index import FaissFlatIndex, FaissHNSWIndex
    from embeddings.milvus_index import MILVUS_INDEX_TYPES, MilvusIndex

    configure_threads(2)
    encoder = create_encoder(threads=2)
    anchors = encoder.encode(synthetic_texts(args.anchors, seed=11))
    questions = encoder.encode([q.text for q in load_queries()])
    queries = np.vstack([questions, blends(anchors, 200, np.random.default_rng(99))])
    del encoder
    print(f"# {_machine()}; anchors {args.anchors} real embeddings; {len(queries)} queries; k=10; 2 threads")
    print(f"{'size':>9} {'store / index':<22} {'build s':>8} {'recall@10':>9} {'p50 ms':>7} {'p99 ms':>7} {'+RSS MB':>8}")
    rows = []
    for size in args.sizes:
        vectors = blends(anchors, size, np.random.default_rng(7))
        truth = None
        candidates = [("faiss", "flat"), ("faiss", "hnsw")] + [("milvus-lite", t) for t in MILVUS_INDEX_TYPES]
        with tempfile.TemporaryDirectory() as folder:
            for store, kind in candidates:
                gc.collect()
                before = rss_mb()
                started = time.perf_counter()
                if store == "faiss":
                    index = FaissFlatIndex(vectors.shape[1]) if kind == "flat" else FaissHNSWIndex(vectors.shape[1])
                else:
                    index = MilvusIndex.create(str(Path(folder) / f"{kind.lower()}.db"), f"bench_{kind.lower()}",
                                               vectors.shape[1], kind)
                index.add(vectors)
                if store != "faiss":
                    _wait_indexed(index)
                build = time.perf_counter() - started
                grown = rss_mb() - before
                _, ids = index.search(queries, 10)
                if truth is None:
                    truth = ids
                p50, p99 = single_query_ms(index, queries[:args.latency_queries])
                row = {"size": size, "store": store, "index": kind, "build_s": round(build, 2),
                       "recall_at_10": round(recall(truth, ids), 4), "p50_ms": round(p50, 2), "p99_ms": round(p99, 2),
                       "rss_growth_mb": round(grown, 1)}
                rows.append(row)
                print(f"{size:>9,} {store + ' ' + kind:<22} {build:>8.1f} {row['recall_at_10']:>9.4f} {p50:>7.2f} "
                      f"{p99:>7.2f} {grown:>8.0f}", flush=True)
                if store != "faiss":
                    index.close()
                del index
        del vectors
    _save(args, rows)


def _wait_indexed(index, timeout: float = 1800) -> None:
    """Until Milvus reports every row indexed (an index built in the background counts in build time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = index.store.client.describe_index(index.collection, "vector")
        if not info.get("pending_index_rows") and info.get("indexed_rows", 0) >= len(index):
            return
        time.sleep(0.2)


def _kg(*arguments, env=None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([KG, *map(str, arguments)], capture_output=True, text=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - started, done


def ingest_part(args) -> None:
    from bench.synthetic_notes import generate

    print(f"# {_machine()}; {args.chunks} synthetic chunks; each build into a fresh knowledge base (cold cache)")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        notes = Path(folder) / "notes"
        generate(notes, args.chunks, seed=7)
        vectors = {}
        for label, extra in (("in-process", []), ("--ray (local, 2 CPUs)", ["--ray"])):
            kb = Path(folder) / label.split()[0].strip("-")
            seconds, done = _kg("ingest", notes, "--kb", kb, *extra)
            if done.returncode != 0:
                raise SystemExit(f"{label}: kg ingest failed: {done.stderr.strip().splitlines()[-1]}")
            summary = [line for line in done.stdout.splitlines() if line.startswith(("encoder:", "chunks:"))]
            import faiss

            index = faiss.read_index(str(next((kb / "snapshots").glob("*/vectors.faiss"))))
            vectors[label] = index.reconstruct_n(0, index.ntotal)
            rows.append({"build": label, "seconds": round(seconds, 1), "summary": summary})
            print(f"{label:<24} {seconds:>8.1f} s   {' | '.join(summary)}", flush=True)
        first, second = vectors.values()
        difference = float(np.abs(first - second).max())
        print(f"largest difference between the two builds' vectors: {difference:.2e}")
    _save(args, {"rows": rows, "max_abs_difference": difference})


def crash_part(args) -> None:
    from bench import crash_ingest

    from embeddings.milvus_index import MilvusStore, namespace_for
    from ingest.snapshot import current_snapshot_id, load_snapshot, read_manifest

    points = ["vectors-stored", "files-written", "renamed", "alias-switched", "published"]
    print(f"# {_machine()}; {args.runs} runs, SIGKILL at a point of a Milvus publish (cycling {', '.join(points)})")
    rng = random.Random(args.seed)
    survived, rows = 0, []
    with tempfile.TemporaryDirectory() as folder:
        notes, kb, db = Path(folder) / "notes", Path(folder) / "kb", str(Path(folder) / "vectors.db")
        notes.mkdir()
        shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
        env = {"KG_VECTORS": db}
        _, first = _kg("ingest", notes, "--kb", kb, env=env)
        assert first.returncode == 0, first.stderr
        for run in range(args.runs):
            point = points[run % len(points)]
            before_id, before = current_snapshot_id(kb), crash_ingest.answers(kb)
            MilvusStore.release(db)
            crash_ingest.add_discussion(notes, run + 1, rng)
            _, killed = _kg("ingest", notes, "--kb", kb, env={**env, "KG_FAILPOINT": point})
            snapshot = load_snapshot(kb)  # every checksum, and the manifest's collection with its count
            consistent = (killed.returncode == -signal.SIGKILL
                          and snapshot.vectors.collection == read_manifest(kb)["index"]["collection"]
                          and len(snapshot.vectors) == len(snapshot.chunks))
            now_id = snapshot.id
            snapshot.vectors.close()
            after = crash_ingest.answers(kb)
            MilvusStore.release(db)
            kept = now_id == before_id
            consistent = consistent and (after == before if kept else after["swin"] == before["swin"])
            _, finish = _kg("ingest", notes, "--kb", kb, env=env)
            store = MilvusStore(db)
            named = {read_manifest(kb, p.name)["index"]["collection"] for p in (kb / "snapshots").iterdir()
                     if not p.name.startswith(".")}
            clean = finish.returncode == 0 and set(store.collections(namespace_for(kb))) == named \
                and store.alias_target(namespace_for(kb)) == read_manifest(kb)["index"]["collection"]
            store.close()
            ok = consistent and clean
            survived += ok
            rows.append({"run": run + 1, "killed_at": point, "served": "previous" if kept else "new",
                         "consistent": consistent, "next_build_clean": clean})
            print(f"run {run + 1:>2}: killed at {point:<15} served {'previous' if kept else 'new':<8} pair consistent "
                  f"{consistent}; next build published, orphans dropped {clean}", flush=True)
    print(f"{survived}/{args.runs} runs left a consistent served pair and a clean next build")
    _save(args, {"runs": rows, "survived": survived})


def _save(args, payload) -> None:
    if args.out:
        Path(args.out).write_text(json.dumps(payload, indent=2), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="part", required=True)
    p = sub.add_parser("vectors")
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    p.add_argument("--anchors", type=int, default=1_000)
    p.add_argument("--latency-queries", type=int, default=200)
    p = sub.add_parser("ingest")
    p.add_argument("--chunks", type=int, default=5_000)
    p = sub.add_parser("crash")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--seed", type=int, default=5)
    for p in sub.choices.values():
        p.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    {"vectors": vectors_part, "ingest": ingest_part, "crash": crash_part}[args.part](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
