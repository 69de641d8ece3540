"""Schemathesis against the real server's /openapi.json: no 5xx, every response matches its schema.

A bounded number of examples per operation here (PAPERGRAPH_FUZZ_EXAMPLES, default 25); the
reliability run raises it (see docs/reliability.md). The operations are driven with Hypothesis
directly: schemathesis' pytest plugin does not run under pytest 9.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("PAPERGRAPH_FUZZ_EXAMPLES", "25"))


def fuzz(base_url: str, examples: int) -> dict[str, int]:
    """Run ``examples`` generated requests per operation; return how many each operation sent."""
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


def test_generated_requests_get_documented_answers(live_server):
    sent = fuzz(live_server, EXAMPLES)
    assert len(sent) == 10 and all(count > 0 for count in sent.values()), sent
