"""Search over HTTP side by side in one run: `kg serve` (query batching on and off) against txtai's API.

Usage: python bench/http_compare.py [--duration 10] [--clients 1 8 32] [--profile 8]
       (needs the bench extra, `pip install -e '.[bench]'`, and Debian's wrk)

The same machine, the same bundled model, the same chunk texts (the snapshot of the bundled notes;
txtai indexes each chunk's index text, hybrid, content stored), the same evaluation questions and
the same wrk settings for every server: a new query on every request (a counter and a random number
appended), `k`/`limit` 10. One server runs at a time. Prints req/s, p50, p99 and errors per client
count, then the ratios the targets are stated in (8 clients against 1, p99 at 8 against p50 at 1,
Papergraph against txtai at 8). ``--profile N`` also samples `kg serve` with py-spy at N clients and
prints where its time goes, grouped by layer.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.http_load import lua_rotation, run_wrk  # noqa: E402
from bench.search_quality import load_queries  # noqa: E402
from bench.served import KG, free_port, memory_mb, serving  # noqa: E402

# layers of a request, matched against py-spy's frame text (file paths and function names)
LAYERS = (
    ("encoder (ONNX Runtime, tokenizer)", ("onnxruntime", "tokenizers", "embeddings/encoder.py", "batcher.py")),
    ("FAISS", ("faiss",)),
    ("BM25", ("embeddings/lexical.py", "scipy")),
    ("fusion and results", ("embeddings/search.py",)),
    ("JSON", ("json/",)),
    ("Flask / Werkzeug", ("flask/", "werkzeug/")),
    ("waitress (HTTP, threads)", ("waitress/",)),
    ("Papergraph service and views", ("api/",)),
)


def build_txtai_index(chunks: list[dict], target: Path) -> None:
    """A saved txtai index (hybrid, content stored) of the chunks' index texts, with the bundled model."""
    from txtai import Embeddings

    from embeddings.encoder import resolve_model_path

    embeddings = Embeddings(path=resolve_model_path(None)[1], content=True, hybrid=True, backend="faiss")
    embeddings.index([(i, c["index_text"], None) for i, c in enumerate(chunks)])
    embeddings.save(str(target))


@contextmanager
def txtai_serving(index: Path, workdir: Path, env: dict, timeout: float = 180.0):
    """txtai's own API (`txtai.api:app` under uvicorn, one worker) on the saved index."""
    from embeddings.encoder import resolve_model_path

    config = workdir / "txtai.yml"
    config.write_text(json.dumps({"path": str(index), "embeddings": {
        "path": resolve_model_path(None)[1], "content": True, "hybrid": True, "backend": "faiss"}}))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "txtai.api:app", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", "1", "--log-level", "warning"],
                              env={**env, "CONFIG": str(config)}, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/search?query=warm+up&limit=10", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def layer_of(frame: str) -> str:
    for name, needles in LAYERS:
        if any(needle in frame for needle in needles):
            return name
    return "other (Python runtime, locks, idle)"


def profile(pid: int, seconds: int, out: Path) -> dict[str, float]:
    """Share of sampled time per layer: each sample counted once, at its innermost recognised frame."""
    subprocess.run(["py-spy", "record", "--pid", str(pid), "--duration", str(seconds), "--format", "raw",
                    "--rate", "200", "--nonblocking", "--output", str(out)], check=True, capture_output=True)
    totals: collections.Counter[str] = collections.Counter()
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not frames or "waitress" in frames[-1] and "select" in frames[-1]:
            continue
        layer = next((layer_of(f) for f in reversed(frames) if layer_of(f) != LAYERS[-1][0]
                      and not layer_of(f).startswith("other")), layer_of(frames[-1]))
        totals[layer] += int(count)
    whole = sum(totals.values()) or 1
    return {name: count / whole for name, count in totals.most_common()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per row")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--server-threads", type=int, default=8, help="waitress threads of kg serve")
    parser.add_argument("--servers", nargs="+", default=["kg", "kg-unbatched", "txtai"],
                        choices=["kg", "kg-unbatched", "txtai"])
    parser.add_argument("--profile", type=int, metavar="CLIENTS", help="py-spy profile of kg serve at this load")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KG_RELOAD_INTERVAL": "0", "KG_THREADS": "2",
           "OMP_NUM_THREADS": "2", "TOKENIZERS_PARALLELISM": "false"}
    questions = [q.text for q in load_queries()]
    rows: dict[tuple[str, int], dict] = {}
    with tempfile.TemporaryDirectory() as temporary:
        workdir = Path(temporary)
        kb = workdir / "kb"
        subprocess.run([KG, "ingest", "--kb", str(kb)], check=True, env=env, capture_output=True)
        from ingest.snapshot import load_snapshot

        chunks = list(load_snapshot(kb).chunks)
        print(f"# {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} cpus; "
              f"{len(chunks)} chunks; wrk -t{args.threads}, {args.duration} s per row, loopback; "
              f"a new query on every request (the {len(questions)} evaluation questions + a counter)")
        print(f"{'server':<14} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")

        def drive(name: str, base: str, paths: list[str]):
            script = workdir / f"{name}.lua"
            script.write_text(lua_rotation(paths, unique=True))
            run_wrk(base, script, 2, 3, args.threads)  # warm-up, not reported: lazy initialisations, caches
            for clients in args.clients:
                result = run_wrk(base, script, clients, args.duration, args.threads)
                rows[name, clients] = result
                print(f"{name:<14} {clients:>7} {result['rps']:>8.0f} {result['p50_ms']:>8.1f} "
                      f"{result['p99_ms']:>8.1f} {result['errors']:>7}", flush=True)
            return script

        kg_paths = [f"/api/v1/search?{urllib.parse.urlencode({'k': 10, 'q': q})}" for q in questions]
        for name in args.servers:
            if name.startswith("kg"):
                server_env = {**env, "KG_QUERY_BATCH": "0" if name == "kg-unbatched" else "32"}
                with serving(kb, server_env, args.server_threads) as (base, server):
                    script = drive(name, base, kg_paths)
                    if args.profile and name == "kg":
                        shares = profiled(base, server.pid, script, args, workdir)
                    print(f"# {name}: resident memory {memory_mb(server.pid)[0]} MB", flush=True)
            else:
                index = workdir / "txtai-index"
                build_txtai_index(chunks, index)
                # the query last: wrk's unique suffix is appended to it
                paths = [f"/search?{urllib.parse.urlencode({'limit': 10, 'query': q})}" for q in questions]
                with txtai_serving(index, workdir, env) as (base, server):
                    drive(name, base, paths)
                    print(f"# {name}: resident memory {memory_mb(server.pid)[0]} MB", flush=True)
    print_ratios(rows, args.clients)
    if args.profile and "kg" in args.servers:
        print(f"# where kg serve's time goes at {args.profile} clients (py-spy samples, all threads, idle excluded)")
        for layer, share in shares.items():
            print(f"{layer:<36} {share:>6.1%}")
    return 0


def profiled(base: str, pid: int, script: Path, args, workdir: Path) -> dict[str, float]:
    """Run the load at ``args.profile`` clients again while py-spy samples the server."""
    if not shutil.which("py-spy"):
        raise SystemExit("py-spy is not installed (pip install py-spy)")
    load = subprocess.Popen(["wrk", f"-t{min(args.threads, args.profile)}", f"-c{args.profile}",
                             f"-d{args.duration + 2}s", "-s", str(script), base], stdout=subprocess.DEVNULL)
    try:
        time.sleep(1)
        return profile(pid, args.duration, workdir / "profile.txt")
    finally:
        load.wait()


def print_ratios(rows: dict, clients: list[int]) -> None:
    def get(name, c, key):
        return rows[name, c][key] if (name, c) in rows else None

    print("# ratios (targets: 8 clients >= 4x the req/s of 1; p99 at 8 <= 8x p50 at 1; 0 errors at 32; "
          ">= 3x txtai's req/s at 8)")
    for name in ("kg", "kg-unbatched", "txtai"):
        one, eight = get(name, 1, "rps"), get(name, 8, "rps")
        if one and eight:
            print(f"{name:<14} req/s 8 vs 1: {eight / one:.2f}x; p99 at 8 / p50 at 1: "
                  f"{get(name, 8, 'p99_ms') / max(get(name, 1, 'p50_ms'), 1e-9):.1f}x; "
                  f"errors at 32: {get(name, 32, 'errors')}")
    for c in clients:
        kg, txtai = get("kg", c, "rps"), get("txtai", c, "rps")
        unbatched = get("kg-unbatched", c, "rps")
        if kg and txtai:
            print(f"kg / txtai req/s at {c} clients: {kg / txtai:.2f}x")
        if kg and unbatched:
            print(f"batched / unbatched req/s at {c} clients: {kg / unbatched:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
