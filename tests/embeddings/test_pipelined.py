"""The pipelined encoder (issue 26) on the CPU with torch: the GPU path's code, its vectors, its thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from embeddings import ModelLoadError
from embeddings.encoder import create_encoder
from embeddings.pipelined import PipelinedEncoder

TEXTS = ["a", "which paper fixed overestimated Q-values?", "Titan X\n45 fps " * 80, "",
         "ResNet: residual connections ease the training of very deep networks", "GAN vs WGAN",
         "What is this paper try to convey ?", "shifted windows", "é ü ß 漢字 — 🙂"] * 4


@pytest.fixture(scope="module")
def pipelined():
    encoder = create_encoder(backend="pipelined", device="cpu", threads=2)
    encoder.tokenizer_slab = 7  # several slabs: the tokenizer thread runs ahead of the forward passes
    return encoder


@pytest.fixture(scope="module")
def reference(torch_encoder):
    return torch_encoder.encode(TEXTS)


def test_pipelined_vectors_are_sentence_transformers_vectors_in_the_order_given(pipelined, reference, encoder):
    assert isinstance(pipelined, PipelinedEncoder) and pipelined.backend == "pipelined"
    assert pipelined.device == "cpu" and pipelined.model_id == encoder.model_id and pipelined.dimension == 384
    vectors = pipelined.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.all((vectors * reference).sum(axis=1) > 0.9999)
    assert np.all((vectors * encoder.encode(TEXTS)).sum(axis=1) > 0.9999)  # and ONNX Runtime's
    backwards = pipelined.encode(TEXTS[::-1])
    assert np.allclose(backwards[::-1], vectors, atol=1e-5)


def test_the_stats_say_where_the_time_went(pipelined):
    pipelined.encode(TEXTS)
    stats = pipelined.stats
    assert stats.texts == len(TEXTS) and stats.batches >= len(TEXTS) / pipelined.max_texts
    assert 0 < stats.tokens <= stats.padded_tokens and stats.tokenize_s > 0 and stats.forward_s > 0
    assert stats.wall_s >= stats.forward_s and stats.starved_s >= 0
    assert pipelined.encode([]).shape == (0, 384) and pipelined.stats.texts == 0


def test_one_slab_is_encoded_without_a_thread_and_gives_the_same_vectors(pipelined, reference):
    whole = PipelinedEncoder.__new__(PipelinedEncoder)
    whole.__dict__.update(pipelined.__dict__, tokenizer_slab=10_000)
    before = threading.active_count()
    assert np.allclose(whole.encode(TEXTS), reference, atol=1e-4)
    assert threading.active_count() == before


@pytest.mark.parametrize("backend, precision, cosine", [("pipelined-bf16", "bf16", 0.999),
                                                       ("pipelined-fp16", "fp16", 0.999)])
def test_half_precision_weights_give_fp32_vectors_close_to_fp32s(backend, precision, cosine, reference):
    import torch

    half = create_encoder(backend=backend, device="cpu", threads=2)
    assert half.backend == backend and half.precision == precision
    assert next(half._model.parameters()).dtype == {"bf16": torch.bfloat16, "fp16": torch.float16}[precision]
    vectors = half.encode(TEXTS)
    assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.all((vectors * reference).sum(axis=1) >= cosine)


def test_an_error_in_the_tokenizer_thread_reaches_the_caller_and_the_thread_ends(pipelined):
    before = threading.active_count()
    with pytest.raises(TypeError):
        pipelined.encode(["fine"] * 20 + [None] + ["fine"] * 20)
    assert threading.active_count() == before
    assert pipelined.encode(["fine again"]).shape == (1, 384)


def test_bad_settings_are_clear_errors():
    with pytest.raises(ModelLoadError, match="precision"):
        PipelinedEncoder(precision="fp8", device="cpu")
    with pytest.raises(ModelLoadError, match="no-such-model"):
        create_encoder("/nonexistent/no-such-model", backend="pipelined", device="cpu")


def test_kg_ingest_with_the_pipelined_encoder_gives_the_onnx_encoders_vectors(tmp_path, pipelined, encoder):
    from pathlib import Path

    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    other = Path(__file__).resolve().parents[1] / "data" / "other-group"
    builds = {}
    for name, used in (("pipelined", pipelined), ("onnx", encoder)):
        report = run_ingest([other], tmp_path / name, encoder=used)
        assert report.backend == name and report.embedded > 0
        builds[name] = load_snapshot(tmp_path / name)
    assert [c["id"] for c in builds["pipelined"].chunks] == [c["id"] for c in builds["onnx"].chunks]
    first, second = (np.stack([b.vectors.reconstruct(i) for i in range(len(b.chunks))]) for b in builds.values())
    assert np.all((first * second).sum(axis=1) > 0.9999)
    assert builds["pipelined"].manifest["model"]["name"] == builds["onnx"].manifest["model"]["name"]
