"""Dynamic query batching: each caller gets its own query's vector, equal to encoding it alone."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from embeddings.batcher import QueryBatcher

QUESTIONS = [
    "which paper fixed overestimated Q-values?", "what led to Swin?", "residual connections",
    "how does YOLO predict boxes", "experience replay buffer", "why batch normalization helps",
    "attention is all you need", "gradient penalty in WGAN", "graph attention heads",
    "mask prediction branch", "double Q-learning", "inception module 1x1 convolutions",
]


def test_batched_vectors_equal_encoding_alone(encoder):
    batcher = QueryBatcher(encoder, max_batch=8)
    try:
        batched = np.stack([batcher.encode_query(q) for q in QUESTIONS])
        together = batcher.encoder.encode(QUESTIONS)  # one model run of several lengths, padded
    finally:
        batcher.close()
    alone = np.stack([encoder.encode([q])[0] for q in QUESTIONS])
    np.testing.assert_allclose(batched, alone, atol=1e-5)
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_64_concurrent_callers_each_get_their_own_query(encoder):
    texts = [f"{QUESTIONS[i % len(QUESTIONS)]} (caller {i})" for i in range(64)]
    expected = encoder.encode(texts)
    batcher = QueryBatcher(encoder, max_batch=32)
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(64)

    def call(i: int) -> None:
        start.wait()
        results[i] = batcher.encode_query(texts[i])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(64)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        batcher.close()
    assert sorted(results) == list(range(64))
    for i, vector in results.items():
        # its own text's vector, and closer to it than to any other caller's text
        assert float(vector @ expected[i]) > 0.9999, i
        assert int(np.argmax(expected @ vector)) == i
    assert batcher.queries == 64
    assert batcher.batches < 64  # some callers really shared a model run


def test_errors_reach_every_caller_of_the_batch():
    from embeddings.encoder import Encoder

    class Broken(Encoder):
        model_id, dimension, device = "broken", 3, "cpu"

        def encode(self, texts, *, progress=False):
            raise RuntimeError("model crashed")

    batcher = QueryBatcher(Broken())
    try:
        with pytest.raises(RuntimeError, match="model crashed"):
            batcher.encode_query("anything")
        with pytest.raises(RuntimeError, match="model crashed"):  # the worker survives a failed batch
            batcher.encode_query("again")
    finally:
        batcher.close()


@pytest.mark.parametrize("max_batch, max_wait_ms", [(0, 0.0), (4, -1.0)])
def test_bad_bounds_are_refused(encoder, max_batch, max_wait_ms):
    with pytest.raises(ValueError):
        QueryBatcher(encoder, max_batch=max_batch, max_wait_ms=max_wait_ms)


def test_after_close_queries_are_encoded_directly(encoder):
    batcher = QueryBatcher(encoder)
    batcher.close()
    np.testing.assert_allclose(batcher.encode_query("what led to Swin?"), encoder.encode(["what led to Swin?"])[0],
                               atol=1e-6)
