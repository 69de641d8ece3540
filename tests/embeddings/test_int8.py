"""The opt-in int8 encoder (``--backend onnx-int8``): its own vector space, and search quality kept."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from bench.search_quality import QUERY_SETS, load_queries

from api.holder import serving_encoder
from api.service import Service
from api.settings import settings_from_env
from embeddings import IndexMismatch
from embeddings.encoder import INT8_SUFFIX, create_encoder, encoder_model_id
from embeddings.evaluation import evaluate
from ingest.pipeline import run_ingest
from ingest.snapshot import load_snapshot


@pytest.fixture(scope="module")
def int8_encoder(encoder):
    # the same cache folder as the fp32 encoder: the int8 file is quantized from its export
    return create_encoder(backend="onnx-int8", cache_dir=encoder.onnx_path.parent.parent, threads=2)


def test_int8_weights_make_a_smaller_model_and_their_own_vector_space(encoder, int8_encoder):
    assert int8_encoder.model_id == encoder.model_id + INT8_SUFFIX == encoder_model_id(None, "onnx-int8")
    assert int8_encoder.onnx_path.stat().st_size < 0.4 * encoder.onnx_path.stat().st_size
    texts = ["why does double Q-learning reduce overestimation", "shifted windows in Swin", "a"]
    vectors = int8_encoder.encode(texts)
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = (vectors * encoder.encode(texts)).sum(axis=1)
    assert np.all(cosines > 0.85) and not np.all(cosines > 0.9999), cosines  # close, yet not the same space


def test_an_int8_build_embeds_apart_from_fp32_keeps_hit_at_5_and_is_served_only_by_int8(
        tmp_path, kb, service, encoder, int8_encoder):
    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)  # its embedding cache holds every fp32 vector of these chunks
    report = run_ingest(None, copy, encoder=int8_encoder)
    built = load_snapshot(copy)
    assert report.reused == len(built.chunks) - len({c["index_text"] for c in built.chunks})  # none from fp32
    assert built.manifest["model"]["name"].endswith(INT8_SUFFIX)
    int8_service = Service(built, int8_encoder)
    for name, path in QUERY_SETS.items():
        queries = load_queries(path)
        fp32, int8 = (evaluate(s.search, queries, "hybrid") for s in (service, int8_service))
        assert int8["note_hit@5"] >= 0.99 * fp32["note_hit@5"], name
        assert int8["paper_mrr@10"] >= 0.97 * fp32["paper_mrr@10"], name
    with pytest.raises(IndexMismatch, match="KG_BACKEND"):
        Service(built, encoder)
    # `kg serve` / `kg search` with the backend left at auto pick the encoder it was built with
    shutil.copytree(int8_encoder.onnx_path.parent, copy / "cache" / "onnx", dirs_exist_ok=True)  # no re-export
    settings = settings_from_env({"KB": copy, "BACKEND": "auto"})
    assert serving_encoder(settings).model_id == built.manifest["model"]["name"]
    assert serving_encoder({**settings, "BACKEND": "onnx"}).model_id == encoder.model_id
