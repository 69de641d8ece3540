"""HTTP load on the real server: `kg serve` (waitress) driven by wrk from another process on loopback.

Usage: python bench/http_load.py [--kb DIR] [--duration 10] [--clients 1 8 32] [--threads 8]

Starts `kg serve` on a free port, then for each endpoint (search, lineage, ask) and each client
count runs wrk with a Lua script that rotates through realistic requests, and prints p50/p99
latency and requests/s side by side. Needs Debian's `wrk` (`make bench` installs it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_quality import load_queries  # noqa: E402
from bench.served import KG, memory_mb, serving  # noqa: E402

LINEAGE_IDS = ["swin-transformer", "ddqn", "densenet", "yolact", "wgan", "Swin", "Mask RCNN", "bert", "gat", "vit"]
ASK = ["what led to Swin?", "what do I need to know before YOLACT?", "how is AlexNet related to DenseNet?",
       "what did DQN lead to?", "what is experience replay?", "which papers built on ResNet?"]


def lua_rotation(paths: list[str], unique: bool = False) -> str:
    """A wrk script cycling through ``paths``; ``unique`` appends a counter word so no query repeats."""
    quoted = ",\n".join('  "' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    suffix = " .. '+v' .. counter .. '-' .. math.random(1000000)" if unique else ""
    return ("paths = {\n" + quoted + "\n}\ncounter = 0\n"
            "request = function()\n  counter = counter + 1\n"
            f"  return wrk.format('GET', paths[(counter % #paths) + 1]{suffix})\nend\n"
            "done = function(summary, latency, requests)\n"
            "  io.write(string.format('P50 %d\\nP99 %d\\nREQ %d\\nERR %d\\nNON2XX %d\\nSEC %f\\n', "
            "latency:percentile(50), latency:percentile(99), summary.requests, "
            "summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, "
            "summary.errors.status, summary.duration / 1e6))\nend\n")


def run_wrk(base: str, script: Path, clients: int, duration: int, threads: int) -> dict:
    command = ["wrk", f"-t{min(threads, clients)}", f"-c{clients}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    values = dict(re.findall(r"^(P50|P99|REQ|ERR|NON2XX|SEC) ([\d.]+)$", output, re.MULTILINE))
    seconds = float(values["SEC"])
    return {"p50_ms": int(values["P50"]) / 1000, "p99_ms": int(values["P99"]) / 1000,
            "rps": int(values["REQ"]) / seconds, "errors": int(values["ERR"]) + int(values["NON2XX"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, help="knowledge base to serve (default: build one from the bundled notes)")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--lineage-from-graph", action="store_true",
                        help="ask lineage of papers listed by the server (for knowledge bases of other notes)")
    parser.add_argument("--only", nargs="+", help="run only these workloads (search, search*, lineage, ask)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KG_RELOAD_INTERVAL": "0"}
    with tempfile.TemporaryDirectory() as temporary:
        kb = args.kb
        if kb is None:
            kb = Path(temporary) / "kb"
            subprocess.run([KG, "ingest", "--kb", str(kb)], check=True, env=env, capture_output=True)
        with serving(kb, env, args.server_threads) as (base, server):
            lineage_ids = LINEAGE_IDS
            if args.lineage_from_graph:
                page = json.loads(urllib.request.urlopen(base + "/api/v1/nodes?type=paper&limit=50&offset=500").read())
                lineage_ids = [n["id"] for n in page["nodes"]]
            searches = [f"/api/v1/search?{urllib.parse.urlencode({'k': 10, 'q': q.text})}" for q in load_queries()]
            workloads = {
                "search": (searches, True),  # every query new: the encoder runs on each request
                "search*": (searches, False),  # 61 questions repeated: their embeddings come from the cache
                "lineage": ([f"/api/v1/lineage/{urllib.parse.quote(i)}" for i in lineage_ids], False),
                "ask": ([f"/api/v1/ask?{urllib.parse.urlencode({'q': q})}" for q in ASK], False),
            }
            print(f"# server: kg serve (waitress, {args.server_threads} threads) on {platform.machine()}, "
                  f"{os.cpu_count()} cpus; load: wrk, {args.threads} threads, {args.duration} s per row, loopback")
            print("# server resident memory after start: {} MB (peak {} MB)".format(*memory_mb(server.pid)))
            print("# search: a new query on every request; search*: the 61 evaluation questions over and over")
            print(f"{'endpoint':<9} {'clients':>7} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>7}")
            for name, (paths, unique) in workloads.items():
                if args.only and name not in args.only:
                    continue
                script = Path(temporary) / f"{name.strip('*')}-{unique}.lua"
                script.write_text(lua_rotation(paths, unique))
                for clients in args.clients:
                    result = run_wrk(base, script, clients, args.duration, args.threads)
                    print(f"{name:<9} {clients:>7} {result['p50_ms']:>8.1f} {result['p99_ms']:>8.1f} "
                          f"{result['rps']:>8.0f} {result['errors']:>7}", flush=True)
            print("# server resident memory after the load: {} MB (peak {} MB)".format(*memory_mb(server.pid)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
