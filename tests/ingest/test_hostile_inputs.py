"""The short version of bench/hostile_inputs.py: every malformed input through the real `kg ingest`."""

from __future__ import annotations

from bench.hostile_inputs import run


def test_every_hostile_input_gets_one_line_and_exit_2_or_is_ingested():
    results = run(papers=200, verbose=False)
    assert len(results) == 23
    bad = [r for r in results if not r["ok"]]
    assert bad == []
    assert sum(r["outcome"] == "ingested" for r in results) == 7  # UTF-16 and Latin-1 among them
