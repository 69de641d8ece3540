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
import secrets
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


def lua_rotation(paths: list[str], unique: bool = False, statuses: bool = False, polite: bool = False) -> str:
    """A wrk script cycling through ``paths``; ``unique`` appends a counter, the wrk thread and the run's
    salt (:func:`run_wrk` passes a new one each run) so no query repeats, within a run or across runs
    (each wrk thread has its own Lua state with the same unseeded random sequence: without these, two
    threads, or two runs, would send the same queries and many would come from the query cache);
    ``statuses`` also counts 2xx answers, 503s, 503s with Retry-After and other statuses (wrk then hands
    every response to Lua, which costs the load generator a little); ``polite`` (with ``statuses``) makes
    each Retry-After delay one next request by that long, as a client that honours it does (wrk asks
    ``delay()`` before each request; the delayed one is the next of the same wrk thread, usually the
    connection that was refused)."""
    quoted = ",\n".join('  "' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    suffix = " .. '+v' .. counter .. '-t' .. tid .. '-' .. salt" if unique else ""
    script = ("threads = {}\nsetup = function(thread)\n  table.insert(threads, thread)\n"
              "  thread:set('tid', #threads)\nend\n"
              "init = function(args)\n  salt = args[1] or ''\nend\n"
              "paths = {\n" + quoted + "\n}\ncounter = 0\ntid = 0\nsalt = ''\n"
              "ok, busy, retry, other = 0, 0, 0, 0\n"
              "request = function()\n  counter = counter + 1\n"
              f"  return wrk.format('GET', paths[(counter % #paths) + 1]{suffix})\nend\n")
    if statuses:
        script += ("response = function(status, headers, body)\n"
                   "  if status >= 200 and status < 300 then ok = ok + 1\n"
                   "  elseif status == 503 then\n    busy = busy + 1\n"
                   "    for name, _ in pairs(headers) do\n"
                   "      if string.lower(name) == 'retry-after' then\n        retry = retry + 1\n"
                   + ("        table.insert(waits, 1000 * (tonumber(headers[name]) or 1))\n" if polite else "")
                   + "      end\n    end\n"
                   "  else other = other + 1 end\nend\n")
        if polite:
            script += "waits = {}\ndelay = function()\n  return table.remove(waits, 1) or 0\nend\n"
    script += ("done = function(summary, latency, requests)\n"
               "  local counts = {OK = 0, BUSY = 0, RETRY = 0, OTHER = 0}\n"
               "  for _, thread in ipairs(threads) do\n"
               "    counts.OK = counts.OK + thread:get('ok')\n    counts.BUSY = counts.BUSY + thread:get('busy')\n"
               "    counts.RETRY = counts.RETRY + thread:get('retry')\n"
               "    counts.OTHER = counts.OTHER + thread:get('other')\n  end\n"
               "  io.write(string.format('P50 %d\\nP99 %d\\nMEAN %f\\nREQ %d\\nERR %d\\nTIMEOUT %d\\nNON2XX %d\\n"
               "SEC %f\\nOK %d\\nBUSY %d\\nRETRY %d\\nOTHER %d\\n', "
               "latency:percentile(50), latency:percentile(99), latency.mean, summary.requests, "
               "summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, "
               "summary.errors.timeout, summary.errors.status, summary.duration / 1e6, "
               "counts.OK, counts.BUSY, counts.RETRY, counts.OTHER))\nend\n")
    return script


def run_wrk(base: str, script: Path, clients: int, duration: int, threads: int) -> dict:
    """One wrk run: p50/p99/mean latency (ms), req/s, errors (socket errors and non-2xx answers), and the
    parts: ``socket_errors``, ``timeouts``, ``non_2xx``; with a ``statuses`` script ``ok``, ``busy``
    (503), ``busy_retry_after`` (503 with Retry-After) and ``other`` statuses."""
    command = ["wrk", f"-t{min(threads, clients)}", f"-c{clients}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(script), base, "--", secrets.token_hex(4)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    values = {k: float(v) for k, v in re.findall(r"^([A-Z0-9]+) ([\d.]+)$", output, re.MULTILINE)}
    seconds = values["SEC"]
    return {"p50_ms": values["P50"] / 1000, "p99_ms": values["P99"] / 1000, "mean_ms": values["MEAN"] / 1000,
            "rps": values["REQ"] / seconds, "requests": int(values["REQ"]),
            "errors": int(values["ERR"] + values["NON2XX"]), "socket_errors": int(values["ERR"]),
            "timeouts": int(values["TIMEOUT"]), "non_2xx": int(values["NON2XX"]), "ok": int(values["OK"]),
            "busy": int(values["BUSY"]), "busy_retry_after": int(values["RETRY"]), "other": int(values["OTHER"])}


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
