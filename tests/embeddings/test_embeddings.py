"""Encoder (real bundled model), FAISS indexes, BM25, fusion and search over a real snapshot."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings import (BM25Index, FaissFlatIndex, FaissHNSWIndex, IndexMismatch, ModelLoadError, VectorIndex,
                        create_index, load_index)


def test_encoder_gives_normalized_384_d_vectors_that_mean_something(encoder):
    vectors = encoder.encode(["residual connections ease training of deep networks",
                              "skip connections help very deep nets train", "the critic estimates Wasserstein distance"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert encoder.device == "cpu"


def test_onnx_and_torch_backends_give_the_same_vectors(encoder, torch_encoder):
    assert type(encoder).__name__ == "OnnxEncoder" and torch_encoder.device == "cpu"
    texts = ["a", "which paper fixed overestimated Q-values?", "Titan X\n45 fps " * 80]  # short to truncated
    cosines = (encoder.encode(texts) * torch_encoder.encode(texts)).sum(axis=1)
    assert np.all(cosines > 0.9999), cosines
    assert encoder.model_id == torch_encoder.model_id and encoder.dimension == torch_encoder.dimension


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_an_unknown_model_is_a_clear_error(backend, tmp_path):
    from embeddings.encoder import create_encoder

    with pytest.raises(ModelLoadError, match="no-such-model"):
        create_encoder("/nonexistent/no-such-model", backend=backend, cache_dir=tmp_path)


@pytest.mark.parametrize("index_class", [FaissFlatIndex, FaissHNSWIndex])
def test_vector_index_add_search_save_load(tmp_path, index_class):
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = index_class(16)
    index.add(vectors)
    scores, ids = index.search(vectors[:5], 3)
    assert ids[:, 0].tolist() == [0, 1, 2, 3, 4] and np.allclose(scores[:, 0], 1.0, atol=1e-4)
    index.save(tmp_path / "v.faiss")
    loaded = load_index(tmp_path / "v.faiss", {"kind": index.kind, "dimension": 16})
    assert len(loaded) == 300 and loaded.search(vectors[:1], 1)[1][0, 0] == 0
    with pytest.raises(IndexMismatch):
        load_index(tmp_path / "v.faiss", {"kind": index.kind, "dimension": 32})
    with pytest.raises(IndexMismatch):
        index.add(np.zeros((1, 8), np.float32))


def test_factory_chooses_exact_for_small_and_hnsw_for_large():
    assert create_index(8, 1000, exact_max=5000).kind == "flat"
    assert create_index(8, 10_000, exact_max=5000).kind == "hnsw"


def test_bm25_ranks_by_term_overlap_and_round_trips(tmp_path):
    index = BM25Index().fit(["experience replay buffer", "target network for DQN", "replay of experience replay"])
    scores, ids = index.search("experience replay", 3)
    assert ids.tolist()[0] == 2 and set(ids.tolist()) == {0, 2}
    index.save(tmp_path / "lex")
    assert BM25Index.load(tmp_path / "lex").search("target network", 1)[1].tolist() == [1]
    assert index.search("nothing matches", 3)[1].tolist() == []


def test_the_index_interface_declares_every_method_the_engine_calls():
    """txtai's ``ann/base.py`` rule: a backend implements the base class, and the engine calls nothing else."""
    import ast
    import inspect

    from embeddings import search

    called = {node.attr for node in ast.walk(ast.parse(inspect.getsource(search)))
              if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "self.vectors"}
    assert called >= {"search", "reconstruct"}
    for name in called:
        assert name in vars(VectorIndex), f"SearchEngine calls {name}, which VectorIndex does not declare"
        for backend in (FaissFlatIndex, FaissHNSWIndex):
            assert getattr(backend, name) is not getattr(VectorIndex, name), (backend, name)
    index = create_index(4, 10)
    index.add(np.eye(4, dtype=np.float32))
    assert np.array_equal(index.reconstruct(2), np.eye(4, dtype=np.float32)[2])


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_search_finds_the_note_about_overestimation(service, mode):
    results = service.search("which paper fixed overestimated Q-values?", 5, mode=mode)["results"]
    ids = [r["id"] for r in results]
    assert "ddqn/q1" in ids[:3] and "overestimation-bias" in ids


def test_search_results_have_the_design_shape_and_respect_type_filters(service):
    results = service.search("shifted windows attention", 8, type="note")["results"]
    assert results and all(r["type"] == "note" for r in results)
    first = results[0]
    assert set(first) == {"id", "type", "title", "score", "paper_id", "snippet", "source"}
    assert first["source"]["file"] == "data/notes/reading-group-notes.md" and first["source"]["line"] > 0
    assert len({r["id"] for r in results}) == len(results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    concepts = service.search("shifted windows attention", 3, type="concept")["results"]
    assert [r["type"] for r in concepts] == ["concept"] * len(concepts) and concepts


def test_a_snapshot_from_another_model_is_refused(snapshot, encoder):
    from dataclasses import replace

    from api.service import Service

    other = replace(snapshot, manifest={**snapshot.manifest, "model": {"name": "other/model", "dimension": 768}})
    with pytest.raises(IndexMismatch, match="other/model"):
        Service(other, encoder)
