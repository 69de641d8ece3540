"""API-level errors, and reading any of our errors as problem details (HTTP) or an exit status (CLI).

Every exception class of our packages carries ``status`` (HTTP) and ``title`` as class attributes
and ``problem_extras()`` for members of its own (after datasette's ``Base400``/``NotFound``):
:func:`problem_for` and :func:`exit_status` read those attributes and nothing else, so a new
error class is mapped by subclassing its package's base and setting the two attributes.
"""

from __future__ import annotations

from embeddings.errors import EmbeddingsError
from ingest.errors import IngestError, SnapshotError
from kg.errors import KGError

__all__ = ["APIError", "InvalidParameter", "InvalidSetting", "SearchUnavailable", "ERROR_BASES", "problem_for",
           "exit_status", "EXIT_BAD_INPUT", "EXIT_INTERNAL"]

#: the command line's exit status for what the user can fix (bad input, a knowledge base to build)
EXIT_BAD_INPUT = 2
#: ... and for a failure of the program itself
EXIT_INTERNAL = 1


class APIError(Exception):
    """Base class of the errors raised by :mod:`api`."""

    status = 400
    title = "Bad request"

    def problem_extras(self) -> dict:
        """Members added to the problem details besides status, title and detail."""
        return {}


class InvalidParameter(APIError, ValueError):
    """A request or command-line parameter that is missing, malformed or over its limit."""

    title = "Invalid parameter"

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")

    def problem_extras(self) -> dict:
        return {"parameter": self.parameter}


class InvalidSetting(InvalidParameter):
    """A setting (environment variable or command-line option) whose value does not convert;
    ``parameter`` names the variable or option."""

    title = "Invalid setting"


class SearchUnavailable(APIError):
    """Search asked of a snapshot loaded without its indexes: a state of the server, not a parameter."""

    status = 503
    title = "Search unavailable"


#: the base class of each package's errors; an error outside these trees is unexpected (a 500)
ERROR_BASES = (KGError, EmbeddingsError, IngestError, SnapshotError, APIError)


def problem_for(error: BaseException) -> dict | None:
    """The problem details of one of our errors (``status``, ``title``, ``detail`` and extras), else None."""
    if not isinstance(error, ERROR_BASES):
        return None
    return {**error.problem_extras(), "status": error.status, "title": error.title, "detail": str(error)}


def exit_status(error: BaseException) -> int:
    """The command line's exit status for ``error``, from its ``status``: 2 for a request the user can
    correct (4xx) or a knowledge base to build or rebuild (503), 1 for anything else."""
    problem = problem_for(error)
    if problem is not None and (problem["status"] < 500 or problem["status"] == 503):
        return EXIT_BAD_INPUT
    if isinstance(error, OSError) and getattr(error, "filename", None):
        return EXIT_BAD_INPUT  # a file or folder the user named cannot be read or written
    return EXIT_INTERNAL
