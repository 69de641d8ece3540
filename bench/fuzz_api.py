"""Schemathesis against the real server's /openapi.json: generated requests on every operation;
no 5xx and every response matching its schema.

Usage: python bench/fuzz_api.py [--examples 150]   (examples per operation; 10 operations)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.served import KG, serving  # noqa: E402


def fuzz(base_url: str, examples: int) -> dict[str, int]:
    """Run up to ``examples`` generated requests per operation; return how many each operation sent.

    Raises schemathesis' failure group on the first operation that breaks a check. The operations
    are driven with Hypothesis directly: schemathesis' pytest plugin does not run under pytest 9.
    """
    schema = schemathesis.openapi.from_url(base_url + "/openapi.json")
    sent: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        label = operation.label
        sent[label] = 0

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            sent[label] += 1
            case.call_and_validate(base_url=base_url)

        check()
    return sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as temporary:
        kb = Path(temporary) / "kb"
        subprocess.run([KG, "ingest", "--kb", str(kb)], env=env, check=True, capture_output=True)
        with serving(kb, env) as (base, _):
            started = time.perf_counter()
            sent = fuzz(base, args.examples)
            seconds = time.perf_counter() - started
    for label, count in sent.items():
        print(f"  {label:<40} {count:>6} requests")
    print(f"# {sum(sent.values())} generated requests in {seconds:.0f} s: no 5xx, every response matched its schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())
