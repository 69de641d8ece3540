"""The same `kg` commands past one machine: vectors in a real Milvus Lite file (KG_VECTORS), embedding
on a real local Ray (--ray), a kill -9 during a Milvus publish; answers equal to the FAISS default."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from conftest import free_port, run_kg, wait_for

from bench import crash_ingest
from ingest.snapshot import current_snapshot_id, load_snapshot, read_manifest

ROOT = Path(__file__).resolve().parents[2]

QUERIES = ["which paper fixed overestimated Q-values", "attention instead of recurrence", "residual connections",
           "what is batch normalization", "shifted windows", "generator and discriminator", "anchor boxes",
           "experience replay"]


def _warm_copy(kb: Path, encoder, target: Path) -> Path:
    """The session's knowledge base with its embedding cache and the model's ONNX export (no re-export)."""
    shutil.copytree(kb, target)
    _copy_onnx_export(encoder, target)
    return target


def _copy_onnx_export(encoder, kb: Path) -> None:
    """The session encoder's ONNX file into ``kb``'s cache, where `kg` looks for it (torch encoders have none)."""
    if getattr(encoder, "onnx_path", None):
        onnx = Path(encoder.onnx_path)
        (kb / "cache" / "onnx").mkdir(parents=True, exist_ok=True)
        shutil.copy(onnx, kb / "cache" / "onnx" / onnx.name)


def answers(kb: Path) -> dict:
    """bench/crash_ingest.py's fixed questions, then the Milvus Lite file is let go for the next process."""
    from embeddings.milvus_index import MilvusStore

    result = crash_ingest.answers(kb)
    MilvusStore.release(read_manifest(kb)["index"]["uri"])
    return result


def _search_ids(service, query, mode=None):
    return [r["id"] for r in service.search(query, 10, None, mode)["results"]]


@pytest.fixture(scope="module")
def milvus_kb(tmp_path_factory, kb, encoder):
    """`kg ingest` of the bundled notes with KG_VECTORS set to a Milvus Lite file."""
    root = tmp_path_factory.mktemp("milvus")
    target = _warm_copy(kb, encoder, root / "kb")
    env = {"KG_VECTORS": str(root / "vectors.db")}
    done = run_kg("ingest", "--kb", target, env=env)
    assert done.returncode == 0, done.stderr
    return target, root / "vectors.db"


def test_the_manifest_says_where_the_vectors_live(milvus_kb):
    from embeddings.milvus_index import MilvusStore, namespace_for

    kb, db = milvus_kb
    manifest = read_manifest(kb)
    index = manifest["index"]
    assert index["store"] == "milvus" and index["uri"] == str(db.resolve())
    assert index["collection"] == f"{namespace_for(kb)}_{manifest['id'].split('-')[0]}"  # named after the snapshot
    assert index["count"] == manifest["counts"]["chunks"]
    assert "vectors.faiss" not in manifest["checksums"]
    assert not (kb / "snapshots" / manifest["id"] / "vectors.faiss").exists()
    store = MilvusStore(index["uri"])
    try:
        assert store.alias_target(namespace_for(kb)) == index["collection"]
        assert store.row_count(index["collection"]) == index["count"]
    finally:
        store.close()


def test_answers_equal_the_faiss_default(milvus_kb, service, encoder):
    from api.service import Service

    kb, _ = milvus_kb
    snapshot = load_snapshot(kb)
    try:
        assert type(snapshot.vectors).__name__ == "MilvusIndex"
        milvus = Service(snapshot, encoder)
        for query in QUERIES:
            for mode in ("dense", "hybrid"):
                assert _search_ids(milvus, query, mode) == _search_ids(service, query, mode), (query, mode)
        assert milvus.ask("what is experience replay")["answer"] == service.ask("what is experience replay")["answer"]
    finally:
        snapshot.vectors.close()  # the Lite file is opened by one process at a time


def test_kg_search_and_kg_serve_read_the_vectors_from_milvus(milvus_kb, service, encoder):
    kb, _ = milvus_kb
    query = QUERIES[0]
    expected = _search_ids(service, query)
    done = run_kg("search", query, "--kb", kb, "--json")
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)["results"]] == expected
    port = free_port()
    kg = shutil.which("kg", path=str(Path(sys.executable).parent))
    server = subprocess.Popen([kg, "serve", "--kb", str(kb), "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "KG_RELOAD_INTERVAL": "0"})
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/readyz", timeout=180)
        with urllib.request.urlopen(f"{base}/api/v1/search?{urllib.parse.urlencode({'q': query})}") as response:
            assert [r["id"] for r in json.load(response)["results"]] == expected
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_old_collections_are_dropped_with_their_snapshots(tmp_path, kb, encoder):
    from embeddings.milvus_index import MilvusStore, namespace_for
    from ingest.pipeline import run_ingest
    from ingest.pipeline import EXACT_MAX_VECTORS
    from ingest.snapshot import KEEP_SNAPSHOTS

    copy = _warm_copy(kb, encoder, tmp_path / "kb")
    db = str(tmp_path / "vectors.db")
    for build in range(KEEP_SNAPSHOTS + 1):
        # a setting that changes nothing the collections hold makes each build publish (a build whose
        # sources and settings are those of the served snapshot publishes nothing)
        report = run_ingest(None, copy, encoder=encoder, vectors=db, exact_max=EXACT_MAX_VECTORS + build)
        assert report.embedded == 0  # the cache is shared with the FAISS builds
    kept = sorted(p.name for p in (copy / "snapshots").iterdir() if not p.name.startswith("."))
    named = {read_manifest(copy, s)["index"].get("collection") for s in kept} - {None}
    store = MilvusStore(db)
    try:
        assert set(store.collections(namespace_for(copy))) == named and len(named) == KEEP_SNAPSHOTS
        assert store.alias_target(namespace_for(copy)) == read_manifest(copy)["index"]["collection"]
    finally:
        store.close()


def test_a_kill_during_a_milvus_publish_leaves_a_consistent_pair(tmp_path, kb, encoder):
    """SIGKILL after the vectors are stored and after the alias is switched (before CURRENT is):
    the served snapshot still searches its own collection; the next build publishes and cleans up."""
    from embeddings.milvus_index import MilvusStore, namespace_for

    copy = _warm_copy(kb, encoder, tmp_path / "kb")
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
    db = str(tmp_path / "vectors.db")
    env = {"KG_VECTORS": db}
    assert run_kg("ingest", notes, "--kb", copy, "--replace", env=env).returncode == 0
    before_id, before = current_snapshot_id(copy), answers(copy)
    import random

    crash_ingest.add_discussion(notes, 1, random.Random(1))
    for phase in ("vectors-stored", "alias-switched"):
        killed = run_kg("ingest", notes, "--kb", copy, env={**env, "KG_FAILPOINT": phase})
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert current_snapshot_id(copy) == before_id
        snapshot = load_snapshot(copy)  # the manifest's collection, checked against its count
        try:
            assert snapshot.vectors.collection == read_manifest(copy)["index"]["collection"]
            assert len(snapshot.vectors) == len(snapshot.chunks) == before["chunks"]
            scores, ids = snapshot.vectors.search(np.ones((1, 384), np.float32) / np.sqrt(384), 3)
            assert (ids >= 0).all()
        finally:
            snapshot.vectors.close()
        assert answers(copy) == before
    finish = run_kg("ingest", notes, "--kb", copy, env=env)
    assert finish.returncode == 0, finish.stderr
    after = read_manifest(copy)
    store = MilvusStore(db)
    try:
        kept = {read_manifest(copy, p.name)["index"]["collection"] for p in (copy / "snapshots").iterdir()
                if not p.name.startswith(".")}
        assert set(store.collections(namespace_for(copy))) == kept  # the orphans of the killed builds are gone
        assert store.alias_target(namespace_for(copy)) == after["index"]["collection"]
    finally:
        store.close()
    assert answers(copy)["chunks"] == before["chunks"] + 7


def test_a_bad_vectors_setting_is_one_line(tmp_path):
    done = run_kg("ingest", "--kb", tmp_path / "kb", "--vectors", str(tmp_path / "vectors.txt"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "must end in .db" in done.stderr and "Traceback" not in done.stderr


def test_kg_ingest_on_ray_gives_the_in_process_vectors(tmp_path, kb, snapshot, service, encoder):
    """`kg ingest --ray` on a cold embedding cache: a local Ray (2 CPUs) encodes every text; the vectors
    equal the in-process ones, and a second build takes every vector from the cache without Ray."""
    target = tmp_path / "kb"
    target.mkdir()
    _copy_onnx_export(encoder, target)
    done = run_kg("ingest", "--kb", target, "--ray", timeout=420)
    assert done.returncode == 0, done.stderr
    assert "on cpu on Ray (2 actors) (onnx)" in done.stdout  # a local Ray of 2 CPUs, ONNX Runtime in each actor
    assert f"embedded {len(snapshot.chunks)}, reused 0" in done.stdout
    assert read_manifest(target)["model"]["device"] == "cpu on Ray (2 actors)"
    on_ray = load_snapshot(target)
    reference = snapshot.vectors._index.reconstruct_n(0, len(snapshot.vectors))
    assert np.allclose(on_ray.vectors._index.reconstruct_n(0, len(on_ray.vectors)), reference, atol=1e-5)
    from api.service import Service

    ray_service = Service(on_ray, encoder)
    assert all(_search_ids(ray_service, q) == _search_ids(service, q) for q in QUERIES)
    again = run_kg("ingest", "--kb", target, "--ray")
    assert again.returncode == 0 and f"embedded 0, reused {len(snapshot.chunks)}" in again.stdout
    assert "Ray" not in again.stdout  # nothing to encode: no Ray started
