"""The tail under load, with the search admission queue on and off: repeated wrk runs side by side.

Usage: python bench/admission_load.py [--kb DIR] [--repeat 5] [--duration 8] [--clients 1 8 64]
                                      [--polite-clients 64] [--slots auto off] [--queue 16] [--server-threads 8]

Starts one `kg serve` per ``--slots`` value (``KG_SEARCH_SLOTS``: ``auto``, ``off`` or a number), all
at once, warms each up, then for each client count repeats a run of ``--duration`` seconds
``--repeat`` times, taking the servers in turn within each repetition (so drift on a shared machine
falls on all of them alike). Every request is a new search query (the encoder runs each time). Each
run prints req/s, p50, p99, the mean latency that Little's law gives for a closed loop
(clients / throughput), p99 over that mean, and what came back: 2xx, 503 (with Retry-After), other
statuses, socket errors and timeouts, and the server's CPU time per request (user + system, from
/proc: less sensitive than req/s to what else runs on a shared machine). wrk's clients send their next request as soon as they have an
answer, a 503 too; the ``--polite-clients`` rows (clients shown as ``64r``) honour Retry-After instead.
A summary checks issue 27's targets per server. Needs `wrk`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.http_load import lua_rotation, run_wrk  # noqa: E402
from bench.search_quality import load_queries  # noqa: E402
from bench.served import KG, serving  # noqa: E402

#: issue 27: p99 at most this many times the Little's-law mean in every run at 8 clients
TAIL_TARGET = 3.0


def little_ms(clients: int, rps: float) -> float:
    """The mean latency of a closed loop of ``clients`` at ``rps`` (Little's law, L = λW), in ms."""
    return 1000.0 * clients / rps if rps else float("inf")


def admission_state(base: str) -> dict | None:
    with urllib.request.urlopen(base + "/readyz", timeout=10) as response:
        return json.load(response).get("admission")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process has used so far, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def row(label: str, clients: int, polite: bool, run: int, r: dict) -> str:
    little = little_ms(clients, r["rps"])
    return (f"{label:<10} {clients_name(clients, polite):>7} {run:>3} {r['rps']:>7.0f} {r['p50_ms']:>7.1f} {r['p99_ms']:>7.1f} "
            f"{little:>8.1f} {r['p99_ms'] / little:>6.2f} {r['ok']:>7} {r['busy']:>6} {r['busy_retry_after']:>6} "
            f"{r['other']:>5} {r['socket_errors']:>5} {r['timeouts']:>5} {r['cpu_ms']:>6.2f}")


def clients_name(clients: int, polite: bool) -> str:
    return f"{clients}r" if polite else str(clients)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, help="knowledge base to serve (default: build one from the bundled notes)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--polite-clients", type=int, nargs="*", default=[64],
                        help="client counts run again with clients that wait as long as Retry-After says")
    parser.add_argument("--slots", nargs="+", default=["auto", "off"], help="KG_SEARCH_SLOTS of each server")
    parser.add_argument("--queue", type=int, help="KG_SEARCH_QUEUE (default: the setting's)")
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of load on each server before measuring")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KG_RELOAD_INTERVAL": "0"}
    if args.queue is not None:
        env["KG_SEARCH_QUEUE"] = str(args.queue)
    results: dict[tuple[str, int, bool], list[dict]] = {}
    with tempfile.TemporaryDirectory() as temporary, ExitStack() as stack:
        kb = args.kb
        if kb is None:
            kb = Path(temporary) / "kb"
            subprocess.run([KG, "ingest", "--kb", str(kb)], check=True, env=env, capture_output=True)
        servers, pids = {}, {}
        for slots in args.slots:
            base, process = stack.enter_context(serving(kb, {**env, "KG_SEARCH_SLOTS": slots}, args.server_threads))
            state = admission_state(base)
            label = f"slots={state['slots']}" if state else "queue off"
            servers[label] = base
            pids[label] = process.pid
        searches = [f"/api/v1/search?{urllib.parse.urlencode({'k': 10, 'q': q.text})}" for q in load_queries()]
        scripts = {}
        for polite in (False, True):
            scripts[polite] = Path(temporary) / f"search-{polite}.lua"
            scripts[polite].write_text(lua_rotation(searches, unique=True, statuses=True, polite=polite))

        print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cpus, "
              f"load average {os.getloadavg()[0]:.2f} at the start (the machine may be shared)")
        print(f"# kg serve --threads {args.server_threads} per server: "
              + "; ".join(f"{label} ({admission_state(base) or 'no admission queue'})" for label, base in servers.items()))
        print(f"# wrk {args.threads} threads, {args.duration} s per run, {args.repeat} runs per row, servers in turn; "
              "a new search query on every request")
        for base in servers.values():
            run_wrk(base, scripts[False], 8, args.warmup, args.threads)
        print(f"{'server':<10} {'clients':>7} {'run':>3} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'Little ms':>8} "
              f"{'p99/L':>6} {'2xx':>7} {'503':>6} {'503+RA':>6} {'other':>5} {'sock':>5} {'tmo':>5} {'cpu ms':>6}")
        rows = [(clients, False) for clients in args.clients] + [(clients, True) for clients in args.polite_clients]
        for clients, polite in rows:
            for run in range(1, args.repeat + 1):
                for label, base in servers.items():
                    cpu = cpu_seconds(pids[label])
                    result = run_wrk(base, scripts[polite], clients, args.duration, args.threads)
                    result["cpu_ms"] = 1000 * (cpu_seconds(pids[label]) - cpu) / max(result["requests"], 1)
                    results.setdefault((label, clients, polite), []).append(result)
                    print(row(label, clients, polite, run, result), flush=True)
        after = {label: admission_state(base) for label, base in servers.items()}
    print(f"# load average {os.getloadavg()[0]:.2f} at the end; admission after the runs: "
          + "; ".join(f"{label} {state}" for label, state in after.items()))
    summarize(results, servers, rows, args.duration)
    return 0


def summarize(results: dict, servers: dict, rows: list[tuple[int, bool]], duration: int) -> None:
    """Per server: median req/s, 2xx/s, worst p99/Little and median CPU per request of each row, then issue 27's
    checks."""
    print(f"\n{'server':<10} {'clients':>7} {'median req/s':>12} {'min-max req/s':>14} {'median 2xx/s':>12} "
          f"{'worst p99/L':>11} {'errors':>6} {'cpu ms/req':>10}")
    medians, good = {}, {}
    for (label, clients, polite), runs in results.items():
        rates = [r["rps"] for r in runs]
        medians[label, clients, polite] = statistics.median(rates)
        good[label, clients, polite] = statistics.median(r["ok"] / duration for r in runs)
        worst = max(r["p99_ms"] / little_ms(clients, r["rps"]) for r in runs)
        print(f"{label:<10} {clients_name(clients, polite):>7} {medians[label, clients, polite]:>12.0f} "
              f"{min(rates):>6.0f}-{max(rates):<7.0f} {good[label, clients, polite]:>12.0f} {worst:>11.2f} "
              f"{sum(r['errors'] for r in runs):>6} {statistics.median(r['cpu_ms'] for r in runs):>10.2f}")
    print()
    for label in servers:
        if (label, 8, False) in results:
            runs = results[label, 8, False]
            ratios = [r["p99_ms"] / little_ms(8, r["rps"]) for r in runs]
            print(f"{label}: 8 clients p99 <= {TAIL_TARGET:g}x Little's mean in every run: "
                  f"{'met' if max(ratios) <= TAIL_TARGET else 'NOT met'} ({', '.join(f'{x:.2f}' for x in ratios)})")
            print(f"{label}: 8 clients no errors: {'met' if not sum(r['errors'] for r in runs) else 'NOT met'}")
            if (label, 1, False) in results:
                ratio = medians[label, 8, False] / medians[label, 1, False]
                print(f"{label}: 8 clients >= 1.0x the req/s of 1 client (medians): "
                      f"{'met' if ratio >= 1.0 else 'NOT met'} ({ratio:.2f}x)")
        for clients, polite in rows:
            if clients < 64 or (label, clients, polite) not in results:
                continue
            runs = results[label, clients, polite]
            bad = sum(r["socket_errors"] + r["other"] + (r["busy"] - r["busy_retry_after"]) for r in runs)
            print(f"{label}: {clients_name(clients, polite)} clients only 503s with Retry-After, no timeout or socket error: "
                  f"{'met' if not bad else 'NOT met'} ({sum(r['busy'] for r in runs)} x 503, "
                  f"{sum(r['timeouts'] for r in runs)} timeouts, {bad} other failures)")
    labels = list(servers)
    if len(labels) >= 2:
        first = labels[0]
        for other in labels[1:]:
            for clients, polite in rows:
                key, versus = (first, clients, polite), (other, clients, polite)
                if key in medians and versus in medians:
                    print(f"{first} / {other} at {clients_name(clients, polite)} clients, median req/s "
                          f"{medians[key] / medians[versus]:.2f}x, median 2xx/s {good[key] / max(good[versus], 1e-9):.2f}x")


if __name__ == "__main__":
    sys.exit(main())
