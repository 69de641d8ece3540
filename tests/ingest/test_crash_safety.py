"""The short version of bench/crash_ingest.py: SIGKILL `kg ingest` at named phases of a real build."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from bench.crash_ingest import add_discussion, answers, ingest
from ingest.snapshot import current_snapshot_id

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def built(tmp_path, kb):
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)  # the session's snapshot of the same notes: the embedding cache is warm
    return notes, copy


@pytest.mark.parametrize("phase", ["embedded", "files-written", "renamed", "published"])
def test_a_build_killed_at_any_phase_loses_nothing(built, phase):
    import random

    notes, kb = built
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KG_FAILPOINT": phase}
    before_id, before = current_snapshot_id(kb), answers(kb)
    add_discussion(notes, 1, random.Random(1))
    process = ingest(notes, kb, env)
    assert process.wait(timeout=300) == -signal.SIGKILL
    after_id = current_snapshot_id(kb)
    assert (after_id == before_id) == (phase != "published")
    after = answers(kb)  # loads and verifies every checksum
    assert after["swin"] == before["swin"] and after["yolact"] == before["yolact"]
    if phase != "published":
        assert after == before
    finish = ingest(notes, kb, {**os.environ, "HF_HUB_OFFLINE": "1"})
    assert finish.wait(timeout=300) == 0
    assert not list((kb / "snapshots").glob(".tmp-*")) and not list(kb.glob(".CURRENT.tmp-*"))
    assert answers(kb)["chunks"] == before["chunks"] + 7  # the new paper, and its three notes in two views each


def test_the_phase_log_records_time_phase_and_memory(tmp_path, monkeypatch):
    from bench.crash_ingest import last_phase

    from ingest.failpoints import reach

    log = tmp_path / "phases.log"
    monkeypatch.setenv("KG_PHASE_LOG", str(log))
    reach("parsed")
    reach("embedded")
    stamp, phase, rss, peak = log.read_text().splitlines()[-1].split()
    assert float(stamp) > 0 and phase == "embedded"
    assert rss.startswith("rss=") and 0 < int(rss[4:]) <= int(peak[5:])
    log.write_text(log.read_text() + "17950000")  # a line cut short by SIGKILL names no phase
    assert last_phase(log) == "embedded"
