"""Errors of the embeddings layer: a model that cannot load, an index that does not match."""

from __future__ import annotations

__all__ = ["EmbeddingsError", "ModelLoadError", "IndexMismatch"]


class EmbeddingsError(Exception):
    """Base class of the errors raised by :mod:`embeddings`."""


class ModelLoadError(EmbeddingsError):
    """The sentence-transformers model could not be found or loaded (offline)."""


class IndexMismatch(EmbeddingsError):
    """A saved index was built by another model or has another dimension than the encoder."""
