"""The Milvus backend of VectorIndex on a real Milvus Lite file, against the FAISS exact index."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.errors import IndexMismatch
from embeddings.index import FaissFlatIndex, create_index, index_meta, load_index
from embeddings.milvus_index import MilvusError, MilvusIndex, MilvusStore, parse_vectors_setting


def _unit(rng, n, d=32):
    vectors = rng.standard_normal((n, d)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture()
def vectors():
    return _unit(np.random.default_rng(3), 1500)


def test_flat_milvus_finds_what_exact_faiss_finds(tmp_path, vectors):
    queries = _unit(np.random.default_rng(4), 20)
    faiss_index = FaissFlatIndex(32)
    faiss_index.add(vectors)
    milvus = create_index(32, len(vectors), milvus_uri=str(tmp_path / "v.db"), collection="c_flat")
    try:
        milvus.add(vectors[:700])
        milvus.add(vectors[700:])  # ids continue across calls: row i is chunk i
        assert len(milvus) == len(vectors) and milvus.index_type == "FLAT"
        expected_scores, expected_ids = faiss_index.search(queries, 10)
        scores, ids = milvus.search(queries, 10)
        assert (ids == expected_ids).all()
        assert np.allclose(scores, expected_scores, atol=1e-5)
        assert np.allclose(milvus.reconstruct(1234), vectors[1234])
        _, few = milvus.search(queries[:1], 5000)  # more than it holds: the -1 convention of the interface
        assert few.shape == (1, len(vectors))
    finally:
        milvus.close()


def test_above_the_exact_limit_the_factory_builds_hnsw_with_high_recall(tmp_path, vectors):
    queries = _unit(np.random.default_rng(5), 30)
    milvus = create_index(32, len(vectors), exact_max=1000, milvus_uri=str(tmp_path / "v.db"), collection="c_hnsw")
    try:
        milvus.add(vectors)
        assert milvus.index_type == "HNSW"
        _, ids = milvus.search(queries, 10)
        exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, exact)])
        assert recall >= 0.95
    finally:
        milvus.close()


def test_a_manifest_entry_reopens_the_collection_and_is_checked(tmp_path, vectors):
    uri = str(tmp_path / "v.db")
    milvus = MilvusIndex.create(uri, "c_meta", 32)
    milvus.add(vectors)
    meta = index_meta(milvus)
    milvus.close()
    assert meta["store"] == "milvus" and meta["collection"] == "c_meta" and meta["count"] == len(vectors)
    reopened = load_index(tmp_path / "unused", meta)
    try:
        assert len(reopened) == len(vectors)
        assert reopened.search(vectors[:1], 1)[1][0, 0] == 0
    finally:
        reopened.close()
    with pytest.raises(IndexMismatch, match="1499"):
        load_index(tmp_path / "unused", {**meta, "count": 1499})
    MilvusStore.release(uri)
    with pytest.raises(MilvusError, match="no collection 'gone'"):
        load_index(tmp_path / "unused", {**meta, "collection": "gone"})
    MilvusStore.release(uri)


def test_an_alias_is_created_then_switched(tmp_path, vectors):
    store = MilvusStore(str(tmp_path / "v.db"))
    try:
        for name in ("c_one", "c_two"):
            MilvusIndex.create(store.uri, name, 32).add(vectors[:10])
        assert store.alias_target("served") is None
        store.point_alias("served", "c_one")
        assert store.alias_target("served") == "c_one"
        store.point_alias("served", "c_two")
        assert store.alias_target("served") == "c_two"
        assert store.collections("c") == ["c_one", "c_two"]
    finally:
        store.close()


@pytest.mark.parametrize("value, expected", [("faiss", None), ("FAISS", None), ("", None), (None, None),
                                             ("http://milvus:19530", "http://milvus:19530")])
def test_the_vectors_setting(value, expected):
    assert parse_vectors_setting(value) == expected


def test_a_lite_file_is_a_path_ending_in_db(tmp_path):
    assert parse_vectors_setting(str(tmp_path / "x" / "v.db")) == str((tmp_path / "x" / "v.db").resolve())
    with pytest.raises(MilvusError, match="must end in .db"):
        parse_vectors_setting(str(tmp_path / "vectors"))
