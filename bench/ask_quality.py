"""How well `ask` understands questions: intent accuracy, entity accuracy and both right, per file.

Usage: python bench/ask_quality.py [FILE.yaml ...] [--kb DIR] [--misses]
With no file: bench/eval/ask-tuning.yaml (the set the cues and examples were checked on),
the held-out sets bench/eval/ask-heldout.yaml, ask-heldout2.yaml and ask-heldout3.yaml (each written by
someone who had not seen the router; scored once unseen at 90.6%, 93.3% and 98.3% intents, tuning
material since: their misses were read and fixed by general rules) and bench/eval/ask-dev.yaml (the
router engineer's own), when present. Builds a snapshot of the bundled notes with the bundled model unless --kb points at one.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from api.ask_quality import load_questions, score_questions  # noqa: E402
from api.service import Service  # noqa: E402
from bench.bundled import bundled_knowledge_base  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402

#: the labelled question files scored by default: the tuning set, the three held-out sets, the dev set
DEFAULT_FILES = [ROOT / "bench" / "eval" / f"ask-{name}.yaml"
                 for name in ("tuning", "heldout", "heldout2", "heldout3", "dev")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="labelled question files (default: tuning, held-out, dev)")
    parser.add_argument("--kb", type=Path, help="an existing knowledge base (default: build one)")
    parser.add_argument("--misses", action="store_true", help="list the questions answered wrongly")
    args = parser.parse_args()
    files = args.files or [f for f in DEFAULT_FILES if f.exists()]
    missing = [f for f in files if not f.exists()]
    if missing or not files:
        print(f"ask_quality: no such question file: {missing[0] if missing else DEFAULT_FILES[0]}", file=sys.stderr)
        return 2
    try:
        sets = {f: load_questions(f) for f in files}
    except ValueError as error:
        print(f"ask_quality: {error}", file=sys.stderr)
        return 2
    with bundled_knowledge_base(args.kb) as (kb, encoder):
        service = Service(load_snapshot(kb), encoder)
        scores, seconds = {}, {}
        for f, questions in sets.items():
            started = time.perf_counter()
            scores[f] = score_questions(service, questions)
            seconds[f] = time.perf_counter() - started
    print(f"# model {encoder.model_id}, {platform.machine()}, python {platform.python_version()}")
    print(f"{'file':<28} {'questions':>9} {'intent':>7} {'entities':>9} {'both':>6} {'ms/question':>12}")
    for f, s in scores.items():
        print(f"{f.name:<28} {s.total:>9} {s.rate(s.intent_right):>7.1%} {s.rate(s.entities_right):>9.1%} "
              f"{s.rate(s.both_right):>6.1%} {1000 * seconds[f] / max(s.total, 1):>12.1f}")
    if args.misses:
        for f, s in scores.items():
            for miss in s.misses:
                print(f"  {f.name} miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
