"""A knowledge base knows its sources (issue 19, item 6): the manifest records what it was built from;
an ingest of other paths refuses unless told --add or --replace; snapshots are listed and rolled back
atomically, and a running server follows a rollback."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import run_kg
from ingest.errors import IngestError
from ingest.pipeline import run_ingest
from ingest.snapshot import current_snapshot_id, list_snapshots, load_snapshot, read_manifest, rollback
from ingest.sources import SourcesConflict

OTHER = (Path(__file__).resolve().parents[1] / "data" / "other-group").resolve()

EXTRA = """## Discussion 1 Neural Style Transfer - 2015
1. What is this paper about?
- separating content and style with Gram matrices of a CNN's features
"""


@pytest.fixture()
def extra(tmp_path) -> Path:
    path = tmp_path / "notes" / "style.md"
    path.parent.mkdir()
    path.write_text(EXTRA, encoding="utf-8")
    return path


def papers(kb) -> set[str]:
    graph = load_snapshot(kb, with_search=False).graph
    return {n for n, d in graph.nodes(data=True) if d["type"] == "paper" and d.get("discussed")}


def test_the_manifest_records_the_sources(kb, tmp_path, encoder):
    assert read_manifest(kb)["inputs"] == {"bundled": True, "paths": []}
    other = tmp_path / "kb"
    run_ingest([OTHER], other, encoder=encoder)
    assert read_manifest(other)["inputs"] == {"bundled": False, "paths": [str(OTHER)]}


def test_ingest_without_paths_rebuilds_from_the_recorded_sources(tmp_path, encoder, monkeypatch):
    kb = tmp_path / "kb"
    run_ingest([OTHER], kb, encoder=encoder)
    monkeypatch.chdir(tmp_path)  # a rebuild does not depend on where it is run from
    report = run_ingest(None, kb, encoder=encoder, sources="check")
    assert report.embedded == 0
    assert "mobilenet" in papers(kb) and "alexnet" not in papers(kb)


def test_ingest_of_other_paths_refuses_and_says_what_would_be_dropped(tmp_path, encoder, extra):
    kb = tmp_path / "kb"
    run_ingest([OTHER], kb, encoder=encoder)
    before = current_snapshot_id(kb)
    with pytest.raises(SourcesConflict) as caught:
        run_ingest([extra], kb, encoder=encoder, sources="check")
    message = str(caught.value)
    assert str(OTHER) in message and "--add" in message and "--replace" in message
    assert "3 papers" in message and "mobilenet" in message
    assert isinstance(caught.value, IngestError) and current_snapshot_id(kb) == before
    cli = run_kg("ingest", extra, "--kb", kb)
    assert cli.returncode == 2 and len(cli.stderr.strip().splitlines()) == 1 and "would drop" in cli.stderr
    assert current_snapshot_id(kb) == before and not (kb / "cache" / "onnx").exists()


def test_add_and_replace(tmp_path, encoder, extra):
    kb = tmp_path / "kb"
    run_ingest([OTHER], kb, encoder=encoder)
    run_ingest([extra], kb, encoder=encoder, sources="add")
    assert read_manifest(kb)["inputs"]["paths"] == sorted([str(OTHER), str(extra.resolve())])
    assert {"mobilenet", "neural-style-transfer"} <= papers(kb)
    run_ingest([extra], kb, encoder=encoder, sources="replace")
    assert read_manifest(kb)["inputs"]["paths"] == [str(extra.resolve())]
    assert papers(kb) == {"neural-style-transfer"}


def test_a_new_base_without_paths_is_the_bundled_notes_and_bundled_can_be_added(tmp_path, encoder, extra, kb):
    base = tmp_path / "kb"
    report = run_ingest(None, base, encoder=encoder, sources="check")
    assert read_manifest(base)["inputs"] == {"bundled": True, "paths": []} and "alexnet" in papers(base)
    assert report.counts["papers_discussed"] == read_manifest(kb)["counts"]["papers_discussed"]
    run_ingest([extra], base, encoder=encoder, sources="add")
    assert read_manifest(base)["inputs"] == {"bundled": True, "paths": [str(extra.resolve())]}
    assert {"alexnet", "neural-style-transfer"} <= papers(base)


def test_snapshots_and_rollback(tmp_path, encoder, extra):
    kb = tmp_path / "kb"
    run_ingest([OTHER], kb, encoder=encoder)
    first = current_snapshot_id(kb)
    run_ingest([extra], kb, encoder=encoder, sources="add")
    second = current_snapshot_id(kb)
    listed = list_snapshots(kb)
    assert [s["id"] for s in listed] == [second, first] and [s["current"] for s in listed] == [True, False]
    assert listed[0]["counts"]["paper"] >= listed[1]["counts"]["paper"]
    as_json = run_kg("snapshots", "--json", "--kb", kb)
    assert as_json.returncode == 0 and [s["id"] for s in json.loads(as_json.stdout)] == [second, first]
    text = run_kg("snapshots", "--kb", kb)
    assert "* " + second in text.stdout and first in text.stdout

    back = run_kg("rollback", "--kb", kb)
    assert back.returncode == 0, back.stderr
    assert current_snapshot_id(kb) == first and f"{second} -> {first}" in back.stdout
    assert papers(kb) == {"mobilenet", "efficientnet", "neural-ode"}
    again = run_kg("rollback", "--kb", kb)
    assert again.returncode == 2 and "no earlier snapshot" in again.stderr and current_snapshot_id(kb) == first
    assert rollback(kb, to=second) == (first, second) and current_snapshot_id(kb) == second
    with pytest.raises(Exception, match="no snapshot"):
        rollback(kb, to="20000101T000000000000Z-deadbeef")


def test_a_running_server_follows_a_rollback(tmp_path, encoder, extra):
    from api.app import create_app

    kb = tmp_path / "kb"
    run_ingest([OTHER], kb, encoder=encoder)
    first = current_snapshot_id(kb)
    run_ingest([extra], kb, encoder=encoder, sources="add")
    app = create_app({"KB": str(kb), "ENCODER": encoder, "WATCH": True, "RELOAD_INTERVAL": 0.1})
    client = app.test_client()
    assert client.get("/api/v1/nodes/neural-style-transfer").status_code == 200
    rollback(kb)
    deadline = time.monotonic() + 30
    while client.get("/readyz").get_json()["snapshot"] != first and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.get("/readyz").get_json()["snapshot"] == first
    assert client.get("/api/v1/nodes/neural-style-transfer").status_code == 404
    app.extensions["papergraph"].stop()
