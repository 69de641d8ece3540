"""Texts tokenized once with the fast (Rust) tokenizer and cut into batches of equal token counts.

Every encoder backend of ours pads a batch to its longest text, so the cost of a batch is its
number of texts times its longest text's *tokens*. Sorting by characters (what the encoders did
before) is only a proxy: on 10k synthetic note chunks it left 19% padding in batches of 8, sorting
by tokens 0.3% (docs/benchmarks.md, issue 26). Here the texts are tokenized once without padding,
ordered by token count and cut so that a batch stays under a number of texts *and* of padded
tokens: short texts travel in wide batches, long ones in narrow ones.

Only NumPy and ``tokenizers`` are imported: the ONNX encoder and the serving process hold no torch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

__all__ = ["TokenBatch", "load_tokenizer", "bucket_rows", "token_batches"]


@dataclass(frozen=True)
class TokenBatch:
    """One forward pass: ``rows`` (positions in the texts handed in) and their tokens, right-padded.

    ``input_ids`` and ``attention_mask`` are ``int64 [len(rows), longest]``; ``tokens`` counts the
    real (unpadded) tokens, so ``tokens / input_ids.size`` is the share of the work that is not padding.
    """

    rows: np.ndarray
    input_ids: np.ndarray
    attention_mask: np.ndarray
    tokens: int

    @property
    def token_type_ids(self) -> np.ndarray:
        """All zeros: one segment per text."""
        return np.zeros_like(self.input_ids)


def load_tokenizer(location: Path, max_length: int):
    """The model's fast tokenizer (``tokenizer.json``), truncating at ``max_length``, not padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(location) / "tokenizer.json"))
    tokenizer.enable_truncation(max_length)
    tokenizer.no_padding()
    return tokenizer


def bucket_rows(lengths: Sequence[int] | np.ndarray, max_texts: int, max_tokens: int | None = None) -> list[np.ndarray]:
    """Row numbers ordered by length and cut into batches of at most ``max_texts`` rows and at most
    ``max_tokens`` padded tokens (rows x the longest length in the batch; one row is always allowed).

    >>> [b.tolist() for b in bucket_rows([5, 1, 3, 1, 9], max_texts=2)]
    [[1, 3], [2, 0], [4]]
    >>> [b.tolist() for b in bucket_rows([2, 2, 2, 4, 4, 9], max_texts=8, max_tokens=8)]
    [[0, 1, 2], [3, 4], [5]]
    """
    if max_texts < 1:
        raise ValueError("max_texts must be at least 1")
    lengths = np.asarray(lengths, dtype=np.int64)
    order = np.argsort(lengths, kind="stable")
    batches, start = [], 0
    while start < len(order):
        end = min(start + max_texts, len(order))
        if max_tokens is not None:
            # sorted ascending, so row k's length is the longest of order[start:k+1]: keep the rows
            # whose (count x length) still fits, at least one
            counts = np.arange(1, end - start + 1)
            fits = np.nonzero(counts * lengths[order[start:end]] <= max_tokens)[0]
            end = start + (int(fits[-1]) + 1 if len(fits) else 1)
        batches.append(order[start:end])
        start = end
    return batches


def token_batches(tokenizer, texts: Sequence[str], max_texts: int, max_tokens: int | None = None,
                  pad_id: int = 0) -> Iterator[TokenBatch]:
    """``texts`` tokenized in one call of the tokenizer's batch encoder (Rust, its own threads, the
    GIL released) and yielded as :class:`TokenBatch` es by :func:`bucket_rows`, shortest first."""
    encodings = tokenizer.encode_batch(list(texts))
    lengths = np.fromiter((len(e) for e in encodings), dtype=np.int64, count=len(encodings))
    flat = np.fromiter(chain.from_iterable(e.ids for e in encodings), dtype=np.int64, count=int(lengths.sum()))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else lengths
    for rows in bucket_rows(lengths, max_texts, max_tokens):
        length = lengths[rows]
        width = int(length.max())
        positions = np.arange(width)
        mask = positions[None, :] < length[:, None]
        ids = np.full((len(rows), width), pad_id, dtype=np.int64)
        ids[mask] = flat[(starts[rows][:, None] + positions[None, :])[mask]]
        yield TokenBatch(rows, ids, mask.astype(np.int64), int(length.sum()))
