"""Kill `kg ingest` with SIGKILL at random moments and at every named phase; the last good snapshot
must survive every time, and the next ingest must succeed and leave no temporary files.

Usage: python bench/crash_ingest.py [--runs 20] [--seed 7]

Each run adds a discussion to the notes (so the build really embeds), starts `kg ingest`, kills
it after a random delay (or at a failpoint), then checks: the snapshot that `CURRENT` names loads
and verifies its checksums; if it is still the previous one it answers the fixed questions exactly
as before; a fresh `kg ingest` then succeeds and no `.tmp-*` is left. Prints one line per run and a
summary by phase.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.failpoints import PHASES  # noqa: E402
from ingest.snapshot import current_snapshot_id, load_snapshot  # noqa: E402
from kg.queries import lineage, reading_plan  # noqa: E402
from bench.served import KG  # noqa: E402


def last_phase(log: Path) -> str:
    """The last phase a KG_PHASE_LOG names in full ("start" for none): lines are "<time> <phase> [memory]"."""
    lines = [line.split() for line in log.read_text().splitlines()] if log.exists() else []
    complete = [fields[1] for fields in lines if len(fields) >= 2]
    return complete[-1] if complete else "start"


def answers(kb: Path) -> dict:
    """What the served snapshot says to fixed questions (graph and chunk texts, no model needed)."""
    snapshot = load_snapshot(kb)  # verifies every checksum
    G = snapshot.graph
    return {"swin": [a["id"] for a in lineage(G, "swin-transformer")["ancestors"]],
            "yolact": [p["id"] for p in reading_plan(G, "yolact")["plan"]],
            "chunks": len(snapshot.chunks), "vectors": len(snapshot.vectors)}


def ingest(notes: Path, kb: Path, env: dict, **kwargs) -> subprocess.Popen:
    # --replace: the knowledge base may have been built from other sources (the bundled notes)
    return subprocess.Popen([KG, "ingest", str(notes), "--kb", str(kb), "--replace"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def add_discussion(notes: Path, number: int, rng: random.Random) -> None:
    words = ["attention", "residual", "replay", "gradient", "anchor", "critic", "window", "prototype", "policy"]
    body = "\n".join(f"{q}. {' '.join(rng.choices(words, k=5))}?\n- {' '.join(rng.choices(words, k=8))}"
                     for q in range(1, 4))
    (notes / f"week-{number:03}.md").write_text(f"## Discussion {100 + number} Crash Paper {number} - 2020\n{body}\n",
                                                encoding="utf-8")


def check_after_kill(kb: Path, before_id: str, before: dict) -> tuple[bool, str]:
    now_id = current_snapshot_id(kb)
    now = answers(kb)
    if now_id == before_id and now != before:
        return False, "previous snapshot answers differently"
    if now_id != before_id and (now["swin"] != before["swin"] or now["yolact"] != before["yolact"]):
        return False, "new snapshot answers the fixed questions differently"
    return True, "kept previous" if now_id == before_id else "new snapshot published before the kill"


def run(runs: int, seed: int) -> int:
    rng = random.Random(seed)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as temporary:
        notes, kb = Path(temporary) / "notes", Path(temporary) / "kb"
        notes.mkdir()
        shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
        subprocess.run([KG, "ingest", str(notes), "--kb", str(kb)], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        add_discussion(notes, 0, rng)
        calibration = Path(temporary) / "calibration.log"
        subprocess.run([KG, "ingest", str(notes), "--kb", str(kb)], env={**env, "KG_PHASE_LOG": str(calibration)},
                       check=True, capture_output=True)
        duration = time.perf_counter() - started
        stamps = {line.split()[1]: line.split()[0] for line in calibration.read_text().splitlines()}
        build = float(stamps["published"]) - float(stamps["parsed"])
        print(f"# one ingest with a new discussion takes {duration:.2f} s, {build:.2f} s of it after parsing; "
              f"odd random runs kill in [0, {duration:.2f}] s after start, even ones in [0, {build:.2f}] s after "
              f"parsing; plus one run per failpoint: {', '.join(PHASES)}")
        plan = [("failpoint", phase) for phase in PHASES] + [("random", None)] * runs
        survived, phases = 0, Counter()
        for number, (how, phase) in enumerate(plan, start=1):
            before_id, before = current_snapshot_id(kb), answers(kb)
            add_discussion(notes, number, rng)
            log = Path(temporary) / f"phases-{number}.log"
            run_env = {**env, "KG_PHASE_LOG": str(log)}
            if how == "failpoint":
                run_env["KG_FAILPOINT"] = phase
            process = ingest(notes, kb, run_env)
            if how == "random":
                if number % 2:
                    time.sleep(rng.uniform(0, duration))
                else:  # wait until the build has parsed, then kill somewhere in embed, index, write, publish
                    while process.poll() is None and not (log.exists() and "parsed" in log.read_text()):
                        time.sleep(0.005)
                    time.sleep(rng.uniform(0, build))
                process.send_signal(signal.SIGKILL)
            code = process.wait(timeout=300)
            reached = last_phase(log)
            phase_name = phase if how == "failpoint" else f"after {reached}"
            killed = code == -signal.SIGKILL
            ok, verdict = check_after_kill(kb, before_id, before)
            finish = subprocess.run([KG, "ingest", str(notes), "--kb", str(kb)], env=env, capture_output=True, text=True)
            leftovers = list((kb / "snapshots").glob(".tmp-*")) + list(kb.glob(".CURRENT.tmp-*"))
            ok = ok and finish.returncode == 0 and not leftovers
            survived += ok
            phases[phase_name] += 1
            print(json.dumps({"run": number, "how": how, "killed": killed, "phase": phase_name,
                              "verdict": verdict if ok else f"FAILED: {verdict}; next ingest rc={finish.returncode}, "
                                                           f"leftovers={len(leftovers)}"}))
        print(f"# {survived}/{len(plan)} runs survived; kills by phase: {dict(sorted(phases.items()))}")
        return 0 if survived == len(plan) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="random-time kills (plus one per failpoint)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    return run(args.runs, args.seed)


if __name__ == "__main__":
    sys.exit(main())
