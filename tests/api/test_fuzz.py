"""Schemathesis against the real server's /openapi.json (the short version of bench/fuzz_api.py):
no 5xx, every response matches its schema. PAPERGRAPH_FUZZ_EXAMPLES per operation, default 25."""

from __future__ import annotations

import os

from api.openapi import openapi_document
from bench.fuzz_api import fuzz

EXAMPLES = int(os.environ.get("PAPERGRAPH_FUZZ_EXAMPLES", "25"))


def test_generated_requests_get_documented_answers(live_server):
    sent = fuzz(live_server, EXAMPLES)
    operations = sum(len(methods) for methods in openapi_document()["paths"].values())
    assert len(sent) == operations and all(count > 0 for count in sent.values()), sent
