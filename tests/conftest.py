"""Shared fixtures: the real bundled model (loaded once), a real snapshot of the bundled notes,
the Flask app and test client on it, and a real WSGI server on a free loopback port."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.served import KG, free_port, serving_app, wait_for

__all__ = ["ROOT", "DATA", "free_port", "wait_for", "run_kg"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def logseq_graph(tmp_path):
    """Makes a Logseq graph folder ``tmp_path/graph`` as the app lays it out (``logseq/config.edn``, ``pages/``,
    ``journals/``): ``logseq_graph(pages, journals)`` writes each page (file stem -> text) and journal day
    (``2024_01_10`` -> text) and returns the folder."""
    def make(pages: dict[str, str] | None = None, journals: dict[str, str] | None = None) -> Path:
        graph = tmp_path / "graph"
        for folder in ("logseq", "pages", "journals"):
            (graph / folder).mkdir(parents=True, exist_ok=True)
        (graph / "logseq" / "config.edn").write_text("{}\n", encoding="utf-8")
        for folder, files in (("pages", pages), ("journals", journals)):
            for stem, text in (files or {}).items():
                (graph / folder / f"{stem}.md").write_text(text, encoding="utf-8")
        return graph
    return make


@pytest.fixture(scope="session")
def encoder(tmp_path_factory):
    """The default encoder on this machine: the bundled all-MiniLM-L6-v2, offline, on ONNX Runtime."""
    from embeddings.encoder import configure_threads, create_encoder

    configure_threads(2)
    return create_encoder(cache_dir=tmp_path_factory.mktemp("model-cache"), threads=2)


@pytest.fixture(scope="session")
def torch_encoder():
    """The same model through sentence-transformers and torch (the GPU path's code on the CPU)."""
    from embeddings.encoder import SentenceTransformerEncoder

    return SentenceTransformerEncoder()


@pytest.fixture(scope="session")
def kb(tmp_path_factory, encoder) -> Path:
    """A knowledge base built from the bundled notes with the real model (shared, read-only)."""
    from ingest.pipeline import run_ingest

    path = tmp_path_factory.mktemp("kb")
    run_ingest(None, path, encoder=encoder)
    return path


@pytest.fixture(scope="session")
def cross_line_kb(tmp_path_factory, encoder) -> Path:
    """A knowledge base of a group's paper whose notes say it builds on AlexNet, a catalog paper of another
    line (the CNN line, with LeNet before it): ancestry that comes through another line."""
    from ingest.pipeline import run_ingest

    notes = tmp_path_factory.mktemp("cross-line-notes") / "notes.md"
    notes.write_text("## Wren - 2016\n1. Main idea\n- builds on AlexNet, with tidal gates for long wave sequences\n"
                     "2. Results\n- better on the harbour benchmark\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("cross-line-kb")
    run_ingest([notes], path, sources="replace", encoder=encoder)
    return path


@pytest.fixture(scope="session")
def snapshot(kb):
    from ingest.snapshot import load_snapshot

    return load_snapshot(kb)


@pytest.fixture(scope="session")
def graph(snapshot):
    return snapshot.graph


@pytest.fixture(scope="session")
def service(snapshot, encoder):
    from api.service import Service

    return Service(snapshot, encoder)


@pytest.fixture(scope="session")
def app(kb, encoder):
    from api.app import create_app

    return create_app({"KB": str(kb), "ENCODER": encoder, "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(app):
    """The app on waitress (the production server) in this process, on a free loopback port."""
    with serving_app(app, threads=4) as base:
        yield base


def run_kg(*args, env=None, timeout=180) -> subprocess.CompletedProcess:
    """Run the installed `kg` console script as a user would."""
    return subprocess.run([KG, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
