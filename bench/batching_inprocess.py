"""Query batching in-process, side by side: searches/s of the Service with and without the batcher,
at 1 and at 8 threads, a new query on every search (no query cache hit).

Usage: python bench/batching_inprocess.py [--kb DIR] [--seconds 6]
(without --kb it builds a knowledge base of the bundled notes in a temporary folder first)
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from api.holder import serving_encoder  # noqa: E402
from api.service import Service  # noqa: E402
from api.settings import settings_from_env  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402


def rate(service: Service, threads: int, seconds: float) -> float:
    """Searches per second with ``threads`` callers, each search a query never seen before."""
    counter, done, lock = itertools.count(), [0], threading.Lock()
    stop = time.monotonic() + seconds

    def work():
        n = 0
        while time.monotonic() < stop:
            service.search(f"which paper fixed overestimated q values {next(counter)}", 10)
            n += 1
        with lock:
            done[0] += n

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return done[0] / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        kb = args.kb
        if kb is None:
            from ingest.pipeline import run_ingest

            kb = Path(temporary) / "kb"
            run_ingest(None, kb)
        snapshot = load_snapshot(kb)
        print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cpus, {len(snapshot.chunks)} chunks, "
              f"{args.seconds:.0f} s per row")
        print(f"{'batcher':<8} {'threads':>7} {'searches/s':>11} {'queries per model run':>22}")
        for batch in (0, 32):
            encoder = serving_encoder(settings_from_env({"KB": str(kb), "QUERY_BATCH": batch}))
            service = Service(snapshot, encoder)
            rate(service, 1, 1.0)  # warm-up
            for threads in (1, 8):
                before = (getattr(encoder, "batches", 0), getattr(encoder, "queries", 0))
                searches = rate(service, threads, args.seconds)
                runs = getattr(encoder, "batches", 0) - before[0]
                per_run = (getattr(encoder, "queries", 0) - before[1]) / runs if runs else 1.0
                print(f"{'on' if batch else 'off':<8} {threads:>7} {searches:>11.0f} {per_run:>22.2f}", flush=True)
            if batch:
                encoder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
