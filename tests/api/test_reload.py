"""Hot reload never dies: a snapshot that cannot be served is refused once, with its reason, the old
one keeps answering and the watcher keeps watching; int8 and plain builds are followed; SIGHUP.

Everything goes through a real server: waitress with the watcher thread in this process, or the
`kg serve` command in a child process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.served import serving_app
from conftest import free_port, run_kg, wait_for
from embeddings.encoder import BACKENDS, INT8_SUFFIX

SNAPSHOT_ID = "{stamp}-{tag}"


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until(predicate, timeout: float = 90.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def publish_copy(kb: Path, tag: str, change=None, source: str | None = None) -> str:
    """Publish a copy of snapshot ``source`` (the current one) under a newer id, after ``change(folder)``."""
    current = source or (kb / "CURRENT").read_text().strip()
    new_id = SNAPSHOT_ID.format(stamp=time.strftime("%Y%m%dT%H%M%S999999Z", time.gmtime(time.time() + 60)), tag=tag)
    folder = kb / "snapshots" / new_id
    shutil.copytree(kb / "snapshots" / current, folder)
    if change:
        change(folder)
    (kb / "CURRENT").write_text(new_id + "\n")
    return new_id


def _tamper_chunks(folder: Path) -> None:
    with open(folder / "chunks.jsonl", "a") as handle:
        handle.write('{"id": "x"}\n')


def _other_model(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["model"]["name"] = "someone/another-model"
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _graph_of_the_wrong_shape(folder: Path) -> None:
    """A graph.json that passes its checksum but is not a graph: an error nobody planned for."""
    (folder / "graph.json").write_text('{"nodes": 5}')
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["checksums"]["graph.json"] = hashlib.sha256(b'{"nodes": 5}').hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _no_pointer(kb: Path) -> str:
    (kb / "CURRENT").unlink()
    return ""  # no snapshot named: the refusal names none


def _pointer_to_nothing(kb: Path) -> str:
    missing = "20991231T235959000000Z-00000000"
    (kb / "CURRENT").write_text(missing + "\n")
    return missing


@pytest.fixture()
def watched(tmp_path, kb, encoder):
    """A copy of the session's knowledge base served by waitress with the snapshot watcher (0.05 s)."""
    from api.app import create_app

    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)
    app = create_app({"KB": str(copy), "ENCODER": encoder, "WATCH": True, "RELOAD_INTERVAL": 0.05})
    with serving_app(app, threads=2) as base:
        yield copy, base
        app.extensions["papergraph"].stop()


@pytest.mark.parametrize("break_it, reason", [
    (lambda kb: publish_copy(kb, "badsum", _tamper_chunks), "does not match its checksum"),
    (lambda kb: publish_copy(kb, "othermod", _other_model), "someone/another-model"),
    (_pointer_to_nothing, "missing its manifest"),
    (_no_pointer, "no knowledge base here"),
    (lambda kb: publish_copy(kb, "wrongshape", _graph_of_the_wrong_shape), "Error"),  # the class is named
], ids=["checksum", "model", "missing", "no-pointer", "unexpected"])
def test_a_snapshot_that_cannot_be_served_is_refused_once_and_the_watcher_goes_on(watched, caplog, break_it, reason):
    kb, base = watched
    served = get(base + "/readyz")[1]
    assert served["status"] == "ready" and served["refused"] is None
    with caplog.at_level(logging.WARNING, logger="papergraph"):
        bad = break_it(kb)
        ready = wait_until(lambda: (r := get(base + "/readyz")[1])["refused"] is not None and r, what="the refusal")
        time.sleep(0.5)  # ten more checks of the pointer
    assert ready["status"] == "stale" and ready["snapshot"] == served["snapshot"]
    assert ready["refused"]["snapshot"] == bad and reason in ready["refused"]["reason"]
    refusals = [r for r in caplog.records if "refused snapshot" in r.getMessage()]
    assert len(refusals) == 1 and served["snapshot"] in refusals[0].getMessage()  # logged once, not every check
    status, body = get(base + "/api/v1/search?q=experience+replay&k=1")
    assert status == 200 and body["results"]  # the old snapshot answers
    good = publish_copy(kb, "good", source=served["snapshot"])
    ready = wait_until(lambda: (r := get(base + "/readyz")[1])["snapshot"] == good and r, what="the next reload")
    assert ready["status"] == "ready" and ready["refused"] is None


@pytest.fixture()
def served_kb(tmp_path, kb, encoder):
    """A copy of the session's knowledge base with the ONNX export in its cache (no export at start)."""
    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)
    shutil.copytree(encoder.onnx_path.parent, copy / "cache" / "onnx", dirs_exist_ok=True)
    return copy


def kg_serve(kb: Path, reload_interval: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    server = subprocess.Popen([kg, "serve", "--kb", str(kb), "--port", str(port), "--threads", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "KG_RELOAD_INTERVAL": reload_interval, "KG_BACKEND": "auto"})
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/readyz")
    return server, base


def stop(server: subprocess.Popen) -> str:
    server.terminate()
    _, stderr = server.communicate(timeout=30)
    return stderr


def test_serve_then_an_int8_ingest_then_a_plain_ingest_ends_serving_the_newest(served_kb):
    """The sequence of issue 13: `kg serve`, `kg ingest --backend onnx-int8`, `kg ingest`."""
    server, base = kg_serve(served_kb, "0.2")
    try:
        first = get(base + "/readyz")[1]
        int8 = run_kg("ingest", "--kb", served_kb, "--backend", "onnx-int8", timeout=600)
        assert int8.returncode == 0, int8.stderr
        int8_id = (served_kb / "CURRENT").read_text().strip()
        ready = wait_until(lambda: (r := get(base + "/readyz")[1])["snapshot"] == int8_id and r, 120, "the int8 reload")
        assert ready["status"] == "ready" and ready["refused"] is None
        assert ready["encoder"]["model"] == ready["model"]["name"] and ready["model"]["name"].endswith(INT8_SUFFIX)
        assert ready["encoder"]["backend"] == "onnx-int8"  # the encoder was switched, as `auto` promises
        status, body = get(base + "/api/v1/search?q=experience+replay&k=3")
        assert status == 200 and len(body["results"]) == 3

        plain = run_kg("ingest", "--kb", served_kb, timeout=600)
        assert plain.returncode == 0, plain.stderr
        assert "every chunk came from the cache" in plain.stdout  # nothing embedded: no device in the manifest
        newest = (served_kb / "CURRENT").read_text().strip()
        ready = wait_until(lambda: (r := get(base + "/readyz")[1])["snapshot"] == newest and r, 120, "the plain reload")
        assert ready["status"] == "ready" and newest not in (first["snapshot"], int8_id)
        assert ready["model"]["device"] is None  # the manifest says no encoder ran ...
        assert ready["encoder"]["backend"] in BACKENDS and ready["encoder"]["device"]  # ... /readyz says which serves
        assert ready["encoder"]["model"] == first["encoder"]["model"] == ready["model"]["name"]
        status, body = get(base + "/api/v1/search?q=experience+replay&k=3")
        assert status == 200 and len(body["results"]) == 3
    finally:
        stderr = stop(server)
    assert "Traceback" not in stderr and "refused" not in stderr, stderr
    assert stderr.count("now serving snapshot") == 2, stderr


def test_sighup_reloads_and_retries_a_refused_snapshot_when_the_watcher_is_off(served_kb):
    server, base = kg_serve(served_kb, "0")
    try:
        first = get(base + "/readyz")[1]["snapshot"]
        bad = publish_copy(served_kb, "badsum", _tamper_chunks)
        time.sleep(1.0)
        assert get(base + "/readyz")[1]["snapshot"] == first  # no polling: nothing happens on its own
        server.send_signal(signal.SIGHUP)
        ready = wait_until(lambda: (r := get(base + "/readyz")[1])["refused"] and r, what="the refusal")
        assert ready["snapshot"] == first and ready["refused"]["snapshot"] == bad and ready["status"] == "stale"
        server.send_signal(signal.SIGHUP)  # asked again: tried again (a SIGHUP forces the retry)
        time.sleep(1.0)
        good = publish_copy(served_kb, "good", source=first)
        server.send_signal(signal.SIGHUP)
        ready = wait_until(lambda: (r := get(base + "/readyz")[1])["snapshot"] == good and r, what="the reload")
        assert ready["status"] == "ready" and ready["refused"] is None
        assert get(base + "/api/v1/lineage/dqn?direction=descendants")[0] == 200
    finally:
        stderr = stop(server)
    assert "Traceback" not in stderr
    assert stderr.count(f"refused snapshot {bad}") == 2 and f"now serving snapshot {good}" in stderr, stderr
