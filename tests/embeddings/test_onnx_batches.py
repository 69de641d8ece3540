"""The ONNX encoder after issue 26: a fused graph, batches by token count, output bound to our array."""

from __future__ import annotations

import collections

import numpy as np
import pytest

from embeddings.encoder import OnnxEncoder

TEXTS = ["a", "which paper fixed overestimated Q-values?", "Titan X\n45 fps " * 80, "",
         "ResNet: residual connections ease the training of very deep networks", "GAN vs WGAN", "é ü ß 漢字 — 🙂",
         "What is this paper try to convey ?"] * 5


@pytest.fixture(scope="module")
def plain(encoder):
    """Today's graph and feed before issue 26: the plain export, ONNX Runtime's own output arrays."""
    return OnnxEncoder(cache_dir=encoder.onnx_path.parent.parent, threads=2, fused=False, io_binding=False)


def _ops(path) -> collections.Counter:
    import onnx

    return collections.Counter(node.op_type for node in onnx.load(str(path), load_external_data=False).graph.node)


def test_the_default_graph_is_fused_and_gives_the_plain_graphs_vectors(encoder, plain):
    fused, unfused = _ops(encoder.onnx_path), _ops(plain.onnx_path)
    assert fused["Attention"] == 6 and fused["EmbedLayerNormalization"] == 1 and "Attention" not in unfused
    assert sum(fused.values()) < sum(unfused.values()) / 4
    assert encoder.onnx_path != plain.onnx_path and encoder.io_binding and not plain.io_binding
    cosines = (encoder.encode(TEXTS) * plain.encode(TEXTS)).sum(axis=1)
    assert np.all(cosines > 0.9999), cosines


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
