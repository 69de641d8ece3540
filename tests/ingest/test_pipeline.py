"""The build pipeline with the real model: snapshots, the embedding cache, atomic publishing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.errors import IngestError, SnapshotError
from ingest.pipeline import run_ingest
from ingest.snapshot import current_snapshot_id, load_snapshot

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "notes" / "reading-group-notes.md"


@pytest.fixture()
def notes_dir(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.md")
    return folder


def test_snapshot_has_manifest_with_model_counts_sources_and_checksums(kb, snapshot):
    manifest = snapshot.manifest
    assert manifest["model"]["name"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["model"]["dimension"] == 384 and manifest["model"]["device"] == "cpu"
    assert manifest["counts"]["papers_discussed"] == 24
    assert manifest["sources"][0]["path"] == "data/notes/reading-group-notes.md"
    assert set(manifest["checksums"]) >= {"graph.json", "chunks.jsonl", "vectors.faiss", "lexical.npz"}
    assert len(snapshot.vectors) == len(snapshot.chunks) == manifest["counts"]["chunks"]


def test_reingest_embeds_nothing_and_a_new_discussion_embeds_only_its_chunks(tmp_path, notes_dir, encoder):
    kb = tmp_path / "kb"
    first = run_ingest([notes_dir], kb, encoder=encoder)
    assert first.embedded == first.chunks and first.reused == 0
    again = run_ingest([notes_dir], kb, encoder=encoder)
    assert again.embedded == 0 and again.reused == again.chunks
    (notes_dir / "week-25.md").write_text("## Discussion 23 Rainbow - 2017\n1. What does it combine?\n"
                                          "- DQN extensions: double Q-learning, prioritized replay, dueling\n",
                                          encoding="utf-8")
    added = run_ingest([notes_dir], kb, encoder=encoder)
    # the new paper and note, plus the few concept chunks whose "discussed with" context changed
    assert added.chunks == again.chunks + 3  # the paper, and the note in two views
    assert 2 <= added.embedded <= 8 and added.reused == added.chunks - added.embedded
    assert load_snapshot(kb).graph.has_edge("dqn", "rainbow", key="led_to")


def test_bad_input_leaves_the_published_snapshot_untouched(tmp_path, notes_dir, encoder):
    kb = tmp_path / "kb"
    run_ingest([notes_dir], kb, encoder=encoder)
    before = current_snapshot_id(kb)
    files = sorted(p.name for p in (kb / "snapshots" / before).iterdir())
    (notes_dir / "broken.md").write_bytes(b"## Paper\n1. caf\x81\n")  # 0x81: not UTF-8 nor Windows-1252
    with pytest.raises(IngestError, match="broken.md:2"):
        run_ingest([notes_dir], kb, encoder=encoder)
    assert current_snapshot_id(kb) == before
    assert sorted(p.name for p in (kb / "snapshots" / before).iterdir()) == files
    assert load_snapshot(kb).id == before


def test_a_dead_build_is_cleaned_up_and_a_torn_snapshot_is_refused(tmp_path, notes_dir, encoder):
    kb = tmp_path / "kb"
    run_ingest([notes_dir], kb, encoder=encoder)
    stale = kb / "snapshots" / ".tmp-20200101T000000000000Z"
    stale.mkdir()
    (stale / "graph.json").write_text("{")
    second = run_ingest([notes_dir], kb, encoder=encoder)
    assert not stale.exists()
    graph_file = kb / "snapshots" / second.snapshot_id / "graph.json"
    graph_file.write_text(graph_file.read_text()[:-10])
    with pytest.raises(SnapshotError, match="checksum"):
        load_snapshot(kb)


def test_missing_knowledge_base_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="run 'kg ingest' first"):
        load_snapshot(tmp_path / "nowhere")


def test_chunks_keep_the_note_as_written_and_index_canonical_names(snapshot):
    chunk = next(c for c in snapshot.chunks if c["id"] == "resnet/q1")
    assert "vansihing" in chunk["text"]
    assert "vanishing gradient" in chunk["index_text"] and "ResNet (2015)" in chunk["index_text"]
    assert chunk["source"]["line"] == 53
    assert json.dumps(chunk)  # plain JSON


def test_vectors_encoded_a_slab_at_a_time_land_on_their_chunks(tmp_path, notes_dir, encoder, snapshot, monkeypatch):
    import numpy as np

    import ingest.pipeline

    monkeypatch.setattr(ingest.pipeline, "EMBED_SLAB", 7)  # many slabs, a last one that is not full
    kb = tmp_path / "kb"
    report = run_ingest([notes_dir], kb, encoder=encoder)
    built = load_snapshot(kb)
    assert report.embedded == len({c["index_text"] for c in built.chunks}) > 7 * 10
    texts = [c["index_text"] for c in built.chunks]
    expected = encoder.encode(texts)
    stored = np.stack([built.vectors.reconstruct(i) for i in range(len(texts))])
    assert np.allclose(stored, expected, atol=1e-5)
    # the session's snapshot (built in one slab) holds the same vectors in the same order
    assert np.allclose(np.stack([snapshot.vectors.reconstruct(i) for i in range(len(texts))]), stored, atol=1e-5)
