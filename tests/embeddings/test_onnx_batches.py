"""The ONNX encoder after issue 26: batches by token count, output bound to our array, batches on
worker threads for bulk encoding; the vectors stay those of torch."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from embeddings.encoder import OnnxEncoder, create_encoder

TEXTS = ["a", "which paper fixed overestimated Q-values?", "Titan X\n45 fps " * 80, "",
         "ResNet: residual connections ease the training of very deep networks", "GAN vs WGAN",
         "é ü ß 漢字 — 🙂", "What is this paper try to convey ?"] * 5


def test_token_batches_on_worker_threads_give_torchs_vectors(encoder, torch_encoder):
    bulk = create_encoder(backend="onnx", cache_dir=encoder.onnx_path.parent.parent, threads=2, bulk=True)
    assert bulk.workers == 2 and bulk._session.get_session_options().intra_op_num_threads == 1
    assert encoder.workers == 1 and encoder._session.get_session_options().intra_op_num_threads == 2
    before = threading.active_count()
    vectors = bulk.encode(TEXTS)
    assert threading.active_count() <= before + 2  # the pool is made once and kept
    assert np.all((vectors * torch_encoder.encode(TEXTS)).sum(axis=1) > 0.9999)
    assert np.allclose(vectors, encoder.encode(TEXTS), atol=1e-5)
    assert np.allclose(bulk.encode(TEXTS[::-1])[::-1], vectors, atol=1e-5)
    assert bulk.encode(["one"]).shape == (1, 384)


@pytest.mark.parametrize("batch_size, max_tokens", [(1, None), (8, None), (32, 256), (64, 10_000)])
def test_any_batching_by_tokens_gives_the_same_vectors_in_the_order_given(encoder, batch_size, max_tokens):
    reference = encoder.encode(TEXTS)
    other = OnnxEncoder.__new__(OnnxEncoder)
    other.__dict__.update(encoder.__dict__, batch_size=batch_size, max_tokens=max_tokens)
    assert np.allclose(other.encode(TEXTS), reference, atol=1e-5)
    assert np.allclose(other.encode(TEXTS[::-1])[::-1], reference, atol=1e-5)


def test_io_binding_writes_the_same_vectors_as_a_plain_run(encoder):
    unbound = OnnxEncoder.__new__(OnnxEncoder)
    unbound.__dict__.update(encoder.__dict__, io_binding=False)
    assert np.array_equal(unbound.encode(TEXTS), encoder.encode(TEXTS))


@pytest.mark.parametrize("config, mean", [({"pooling_mode_mean_tokens": True}, True),
                                          ({"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}, False),
                                          ({"pooling_mode": "mean"}, True),  # as sentence-transformers 6 saves it
                                          ({"pooling_mode": "cls"}, False)])
def test_mean_pooling_is_read_in_both_config_formats(tmp_path, config, mean):
    import json

    from embeddings import ModelLoadError
    from embeddings.encoder import _require_mean_pooling

    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(config))
    if mean:
        _require_mean_pooling(tmp_path)
    else:
        with pytest.raises(ModelLoadError, match="pipelined backend runs mean-pooling"):
            _require_mean_pooling(tmp_path, "pipelined")
