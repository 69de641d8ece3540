"""Soak the real server: 32 clients for 60 s mixing search, lineage, plan, ask and export, with a new
snapshot published halfway; report errors, latency, memory growth and the reload.

Usage: python bench/soak.py [--duration 60] [--clients 32] [--reload-at 30]

`kg serve` (waitress) runs in its own process; wrk drives it from another on loopback; `kg ingest`
publishes a snapshot with one more discussion at --reload-at seconds. Passes when there are 0
failed requests, resident memory grows by at most 10% between the first and last 10 s, and the
answers switch to the new snapshot.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_load import lua_rotation, run_wrk  # noqa: E402
from bench.search_quality import load_queries  # noqa: E402
from bench.served import KG, memory_mb, serving  # noqa: E402


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def mixed_paths() -> list[str]:
    paths = []
    for i, query in enumerate(load_queries()):
        paths.append(f"/api/v1/search?{urllib.parse.urlencode({'k': 10, 'q': query.text})}")
        paths.append(f"/api/v1/lineage/{['swin-transformer', 'ddqn', 'densenet', 'yolact'][i % 4]}")
        paths.append(f"/api/v1/prerequisites/{['yolact', 'wgan', 'vit', 'drqn'][i % 4]}")
        paths.append(f"/api/v1/ask?{urllib.parse.urlencode({'q': ['what led to Swin?', 'what is experience replay?', 'how is AlexNet related to DenseNet?'][i % 3]})}")
        paths.append(f"/api/v1/graph?format={['mermaid', 'dot', 'cytoscape'][i % 3]}&root={['swin', 'dqn', 'gan'][i % 3]}&depth=1")
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--reload-at", type=float, default=30.0)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KG_RELOAD_INTERVAL": "0.5"}
    with tempfile.TemporaryDirectory() as temporary:
        notes, kb = Path(temporary) / "notes", Path(temporary) / "kb"
        notes.mkdir()
        shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
        subprocess.run([KG, "ingest", str(notes), "--kb", str(kb)], env=env, check=True, capture_output=True)
        with serving(kb, env) as (base, server):
            first = get_json(base + "/readyz")["snapshot"]
            script = Path(temporary) / "mixed.lua"
            script.write_text(lua_rotation(mixed_paths(), unique=False))
            samples: list[tuple[float, float]] = []
            reload = {}
            stop = threading.Event()
            started = time.monotonic()

            def sample():
                while not stop.wait(1.0):
                    samples.append((time.monotonic() - started, memory_mb(server.pid)[0]))

            def publish():
                time.sleep(args.reload_at)
                (notes / "next-week.md").write_text(
                    "## Discussion 23 Rainbow - 2017\n1. What does it combine?\n"
                    "- DQN, double Q-learning, dueling networks and prioritized experience replay\n", encoding="utf-8")
                t0 = time.monotonic()
                subprocess.run([KG, "ingest", str(notes), "--kb", str(kb)], env=env, check=True, capture_output=True)
                reload["published_after_s"] = round(time.monotonic() - started, 1)
                while get_json(base + "/readyz")["snapshot"] == first:
                    time.sleep(0.05)
                reload["serving_new_after_publish_s"] = round(time.monotonic() - t0, 2)

            threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=publish, daemon=True)]
            for thread in threads:
                thread.start()
            result = run_wrk(base, script, args.clients, args.duration, 2)
            stop.set()
            threads[1].join(timeout=120)
            after = get_json(base + "/readyz")["snapshot"]
            switched = "rainbow" in [d["id"] for d in get_json(base + "/api/v1/lineage/dqn?direction=descendants")["descendants"]]
    head = [m for t, m in samples if t <= 10]
    tail = [m for t, m in samples if t >= args.duration - 10]
    growth = (sum(tail) / len(tail)) / (sum(head) / len(head)) - 1 if head and tail else float("nan")
    print(f"# {args.clients} clients, {args.duration} s, mixed search/lineage/plan/ask/export, wrk on loopback")
    print(f"requests            {result['rps'] * args.duration:.0f} ({result['rps']:.0f}/s)")
    print(f"failed requests     {result['errors']}  (socket errors + non-2xx)")
    print(f"latency p50 / p99   {result['p50_ms']:.1f} / {result['p99_ms']:.1f} ms")
    print(f"RSS first 10 s      {sum(head) / max(len(head), 1):.0f} MB; last 10 s {sum(tail) / max(len(tail), 1):.0f} MB; "
          f"growth {growth * 100:+.1f}%")
    print(f"hot reload          published at {reload.get('published_after_s')} s, served "
          f"{reload.get('serving_new_after_publish_s')} s after ingest began; snapshot {first} -> {after}; "
          f"answers switched: {switched}")
    ok = result["errors"] == 0 and growth <= 0.10 and after != first and switched
    print("# PASS" if ok else "# FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
