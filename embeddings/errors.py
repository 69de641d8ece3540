"""Errors of the embeddings layer: a model that cannot load, an index that does not match.

Each class carries its HTTP ``status`` and ``title`` (read by the API's one handler and the
command line's exit status): they are states of the server, not of a request, hence 503.
"""

from __future__ import annotations

__all__ = ["EmbeddingsError", "ModelLoadError", "IndexMismatch", "first_line"]


def first_line(error: BaseException | str) -> str:
    """The first line of an error's text, else its class name: what a one-line message quotes of it.

    >>> first_line(ValueError("bad value\\nmore")), first_line(KeyError())
    ('bad value', 'KeyError')
    """
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__


class EmbeddingsError(Exception):
    """Base class of the errors raised by :mod:`embeddings`."""

    status = 503
    title = "Search unavailable"

    def problem_extras(self) -> dict:
        """Members added to the problem details besides status, title and detail."""
        return {}


class ModelLoadError(EmbeddingsError):
    """The sentence-transformers model could not be found or loaded (offline)."""

    title = "Model unavailable"


class IndexMismatch(EmbeddingsError):
    """A saved index was built by another model or has another dimension than the encoder."""

    title = "Index does not match the encoder"
