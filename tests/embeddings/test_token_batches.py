"""Batches cut by token count (issue 26): every text once, within the limits, its own tokens, little padding."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.encoder import resolve_model_path
from embeddings.token_batches import bucket_rows, load_tokenizer, token_batches

TEXTS = ["a", "which paper fixed overestimated Q-values?", "Titan X\n45 fps " * 80, "",
         "ResNet: residual connections ease the training of very deep networks, unlike VGG", "GAN vs WGAN",
         "What is this paper try to convey ?", "shifted windows", "DQN " * 30, "é ü ß 漢字 — emoji 🙂"]


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(resolve_model_path(None)[1], 256)


@pytest.mark.parametrize("max_texts, max_tokens", [(1, None), (3, None), (8, None), (8, 64), (64, 100), (4, 1)])
def test_each_text_is_in_one_batch_with_its_own_tokens_within_the_limits(tokenizer, max_texts, max_tokens):
    texts = TEXTS * 3
    own = tokenizer.encode_batch(texts)
    seen = []
    for batch in token_batches(tokenizer, texts, max_texts, max_tokens):
        rows, ids, mask = batch.rows, batch.input_ids, batch.attention_mask
        assert ids.shape == mask.shape == batch.token_type_ids.shape and ids.dtype == mask.dtype == np.int64
        assert len(rows) <= max_texts and (max_tokens is None or ids.size <= max_tokens or len(rows) == 1)
        assert batch.tokens == int(mask.sum()) and not batch.token_type_ids.any()
        for r, row in enumerate(rows):
            length = len(own[row].ids)
            assert ids[r, :length].tolist() == own[row].ids
            assert mask[r].tolist() == [1] * length + [0] * (ids.shape[1] - length)
            assert not ids[r, length:].any()  # [PAD] is 0
        assert mask[:, -1].any()  # no column of padding only: the batch is as wide as its longest text
        seen.extend(rows.tolist())
    assert sorted(seen) == list(range(len(texts)))


def test_the_longest_text_is_truncated_to_the_model_length(tokenizer):
    (batch,) = token_batches(tokenizer, ["word " * 1000], 8)
    assert batch.input_ids.shape == (1, 256) and batch.input_ids[0, -1] == tokenizer.token_to_id("[SEP]")


def test_sorting_by_tokens_pads_less_than_sorting_by_characters(tokenizer):
    rng = np.random.default_rng(3)
    words = ["a", "an", "ResNet", "overestimation", "Q-values", "batch", "normalization", "x" * 12, "GAN", "of"]
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 40))) for _ in range(400)]
    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)])

    def padded(batches):
        return sum(len(rows) * lengths[rows].max() for rows in batches)

    by_characters = np.argsort([len(t) for t in texts], kind="stable")
    character_batches = [by_characters[i:i + 8] for i in range(0, len(texts), 8)]
    token_padded = sum(b.input_ids.size for b in token_batches(tokenizer, texts, 8))
    assert token_padded == padded(bucket_rows(lengths, 8)) < padded(character_batches)
    assert token_padded <= 1.05 * lengths.sum()


def test_an_empty_list_gives_no_batch_and_bad_limits_are_refused(tokenizer):
    assert list(token_batches(tokenizer, [], 8)) == []
    with pytest.raises(ValueError):
        bucket_rows([1, 2], 0)
