"""End to end: `kg serve` (waitress) on a free loopback port, real HTTP, hot reload of a new snapshot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port, run_kg, wait_for


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


@pytest.fixture()
def served_kb(tmp_path, kb):
    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)
    return copy


def test_kg_serve_answers_over_http_and_hot_reloads(served_kb, tmp_path):
    port = free_port()
    kg = shutil.which("kg", path=str(Path(sys.executable).parent))
    server = subprocess.Popen([kg, "serve", "--kb", str(served_kb), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "KG_RELOAD_INTERVAL": "0.2"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/readyz")
        status, headers, ready = get(base + "/readyz")
        first_snapshot = ready["snapshot"]
        status, headers, body = get(base + "/api/v1/ask?" + urllib.parse.urlencode({"q": "what led to Swin?"}))
        assert status == 200 and body["intent"] == "lineage" and "ViT" in body["text"]
        status, headers, body = get(base + "/api/v1/search?q=experience+replay&k=2")
        assert status == 200 and len(body["results"]) == 2
        status, headers, body = get(base + "/api/v1/lineage/not-a-paper-at-all")
        assert status == 404 and headers["Content-Type"] == "application/problem+json"

        notes = tmp_path / "notes"
        notes.mkdir()
        shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
        (notes / "next-week.md").write_text("## Discussion 23 Rainbow - 2017\n1. What does it combine?\n"
                                            "- DQN, double Q-learning and prioritized experience replay\n")
        result = run_kg("ingest", notes, "--replace", "--kb", served_kb)  # the folder holds the seed notes too
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and get(base + "/readyz")[2]["snapshot"] == first_snapshot:
            time.sleep(0.2)
        assert get(base + "/readyz")[2]["snapshot"] != first_snapshot
        status, _, body = get(base + "/api/v1/lineage/dqn?direction=descendants")
        assert "rainbow" in [d["id"] for d in body["descendants"]]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in server.stderr.read()


def test_server_binds_to_loopback_by_default(served_kb):
    from api.cli import build_parser

    args = build_parser().parse_args(["serve", "--kb", str(served_kb)])
    assert args.host == "127.0.0.1"


def test_in_process_waitress_serves_the_viewer_and_api(live_server):
    with urllib.request.urlopen(live_server + "/") as response:
        assert response.status == 200 and "default-src 'self'" in response.headers["Content-Security-Policy"]
    status, _, body = get(live_server + "/api/v1/path?from=dqn&to=ddqn")
    assert status == 200 and [n["id"] for n in body["nodes"]][0] == "dqn"
