"""`kg ingest` on the CPU, today's encoder against issue 26's, side by side: embed chunks/s and the vectors kept.

Usage: python bench/token_batching.py [--chunks 10000] [--rounds 3] [--baseline f01d901]
                                      [--variants today tokens tokens+binding workers new ...]

"today" is the code at ``--baseline`` (default: the commit before issue 26), taken out of git
into a temporary folder with ``git archive``, so nothing of it has to be kept in the product.
The other variants are this checkout's ONNX encoder with parts of issue 26 switched on in turn,
at today's 8 texts a pass: ``tokens`` batches by token count (ONNX Runtime's own output arrays),
``tokens+binding`` adds I/O binding, ``workers`` runs one batch per thread on 2 worker threads;
``new`` is the encoder ``kg ingest`` makes now (``create_encoder(bulk=True)``: all of these, with
up to CPU_BATCH_SIZE texts and CPU_MAX_TOKENS padded tokens a pass), ``new-t<N>`` that one with at
most N padded tokens a pass.

Each row is one child process (PYTHONPATH: its tree) that makes the encoder (2 threads; ONNX
export cached per variant, outside the timing), then runs ``run_ingest`` of the same synthetic
notes (bench/synthetic_notes.py) into a fresh knowledge base with that encoder, and reports the
embed phase (encoding every distinct chunk text and caching it) as chunks/s. Rounds interleave the
variants (a b c, a b c, ...), because this machine is shared and its load changes by the minute;
each row prints the load average at its start, and the summary gives each variant's median
chunks/s and its median ratio to "today" within a round. The vectors of every variant are compared
with today's, chunk by chunk (minimum cosine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
#: the last commit before issue 26 (token batches, I/O binding, worker threads)
BASELINE = "f01d901"
VARIANTS = ("today", "tokens", "tokens+binding", "workers", "new")


def make_encoder(variant: str, cache: Path):
    """The variant's encoder, with 2 threads; "today" and "new" exactly as `kg ingest` makes them."""
    from embeddings.encoder import OnnxEncoder, create_encoder

    if variant == "today":  # f01d901's create_encoder(threads=2) on a CPU
        return OnnxEncoder(cache_dir=cache, threads=2)
    if variant == "tokens":
        return OnnxEncoder(cache_dir=cache, threads=2, batch_size=8, max_tokens=None, io_binding=False)
    if variant == "tokens+binding":
        return OnnxEncoder(cache_dir=cache, threads=2, batch_size=8, max_tokens=None)
    if variant == "workers":
        return OnnxEncoder(cache_dir=cache, threads=2, batch_size=8, max_tokens=None, workers=2)
    encoder = create_encoder(cache_dir=cache, threads=2, bulk=True)  # ingest.pipeline._make_encoder's call
    if variant.startswith("new-t"):
        encoder.max_tokens = int(variant.removeprefix("new-t"))
    return encoder


def child(variant: str, notes: Path, cache: Path, out: Path) -> dict:
    """One row, in this (child) process, whose ``embeddings``/``ingest`` are the variant's tree."""
    from embeddings.encoder import configure_threads
    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    configure_threads(2)
    encoder = make_encoder(variant, cache)
    encoder.encode([f"warm-up text number {i}" for i in range(64)])
    with tempfile.TemporaryDirectory() as temporary:
        kb = Path(temporary) / "kb"
        load = os.getloadavg()[0]
        report = run_ingest([notes], kb, encoder=encoder)
        snapshot = load_snapshot(kb)
        vectors = np.stack([snapshot.vectors.reconstruct(i) for i in range(len(snapshot.chunks))])
        np.savez(out, ids=np.array([c["id"] for c in snapshot.chunks]), vectors=vectors)
    embed = report.seconds["embed"]
    return {"variant": variant, "embedded": report.embedded, "chunks": report.chunks, "embed_s": embed,
            "chunks_per_s": report.embedded / embed, "load": load,
            "workers": getattr(encoder, "workers", 1), "batch": encoder.batch_size,
            "max_tokens": getattr(encoder, "max_tokens", None)}


def baseline_tree(revision: str, folder: Path) -> Path:
    """This repository at ``revision``, as plain files (``git archive``): no worktree is registered."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def min_cosine(a: Path, b: Path) -> float:
    """Smallest cosine between the vectors of the same chunk (a note has two chunks of one id, its
    two views, in the same order in both builds: matched by id and rank)."""
    first, second = np.load(a), np.load(b)

    def keys(ids) -> list[tuple[str, int]]:
        seen: dict[str, int] = {}
        return [(i, seen.__setitem__(i, seen.get(i, -1) + 1) or seen[i]) for i in ids.tolist()]

    order = {key: row for row, key in enumerate(keys(second["ids"]))}
    rows = [order[key] for key in keys(first["ids"])]
    return float((first["vectors"] * second["vectors"][rows]).sum(axis=1).min())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000, help="synthetic chunks (bench/synthetic_notes.py)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE, help="git revision whose encoder is 'today'")
    parser.add_argument("--variants", nargs="+", default=["today", "new"],
                        help="rows per round: today, tokens, tokens+binding, workers, new, new-t<N> "
                             "(default: today new)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        variant, notes, cache, out = args.child
        print(json.dumps(child(variant, Path(notes), Path(cache), Path(out))))
        return 0
    if args.variants[0] != "today":
        parser.error("the first variant must be 'today' (the ratios are to it)")
    for name in args.variants:
        if name not in VARIANTS and not name.startswith("new-t"):
            parser.error(f"unknown variant {name!r}")

    with tempfile.TemporaryDirectory() as temporary:
        temporary = Path(temporary)
        notes = temporary / "notes"
        subprocess.run([sys.executable, str(ROOT / "bench" / "synthetic_notes.py"), str(notes), "--chunks",
                        str(args.chunks)], check=True, capture_output=True)
        trees = {"today": baseline_tree(args.baseline, temporary / "baseline")}
        print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, {os.cpu_count()} cpus, 2 threads, "
              f"Python {platform.python_version()}; 'today' = {args.baseline}; {args.chunks} synthetic chunks; "
              f"load average at start {os.getloadavg()[0]:.1f}")
        print(f"{'round':>5} {'variant':<15} {'load':>5} {'embedded':>8} {'embed s':>8} {'chunks/s':>9}  "
              "workers x batch (max tokens)")
        results: dict[str, list[dict]] = {name: [] for name in args.variants}
        for round_ in range(1, args.rounds + 1):
            for name in args.variants:
                tree = trees.get(name, ROOT)
                out = temporary / f"{name}-{round_}.npz"
                env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
                done = subprocess.run([sys.executable, str(ROOT / "bench" / "token_batching.py"), "--child", name,
                                       str(notes), str(temporary / "model-cache"), str(out)],
                                      env=env, cwd=tree, capture_output=True, text=True)
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    return 1
                row = json.loads(done.stdout.strip().splitlines()[-1])
                row["vectors"] = out
                results[name].append(row)
                print(f"{round_:>5} {name:<15} {row['load']:>5.1f} {row['embedded']:>8} {row['embed_s']:>8.1f} "
                      f"{row['chunks_per_s']:>9.1f}  {row['workers']} x {row['batch']} ({row['max_tokens']})",
                      flush=True)
        print(f"\n{'variant':<15} {'median chunks/s':>15} {'ratio to today (median of rounds)':>34} "
              f"{'min cosine to today':>20}")
        today = results["today"]
        for name, rows in results.items():
            ratios = [row["chunks_per_s"] / base["chunks_per_s"] for row, base in zip(rows, today)]
            cosine = min(min_cosine(row["vectors"], base["vectors"]) for row, base in zip(rows, today))
            print(f"{name:<15} {statistics.median(r['chunks_per_s'] for r in rows):>15.1f} "
                  f"{statistics.median(ratios):>25.2f} ({min(ratios):.2f}-{max(ratios):.2f}) {cosine:>20.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
