"""API-level errors, and reading any of our errors as problem details (HTTP) or an exit status (CLI).

Every exception class of our packages carries ``status`` (HTTP) and ``title`` as class attributes
and ``problem_extras()`` for members of its own (after datasette's ``Base400``/``NotFound``):
:func:`problem_for` and :func:`exit_status` read those attributes and nothing else, so a new
error class is mapped by subclassing its package's base and setting the two attributes. An error
that asks the client to do something (come back later) also names response headers in
``problem_headers()``, read by :func:`problem_headers`.
"""

from __future__ import annotations

import errno
from pathlib import Path

from embeddings.errors import EmbeddingsError
from ingest.errors import IngestError, SnapshotError
from kg.errors import KGError

__all__ = ["APIError", "InvalidParameter", "InvalidSetting", "SearchUnavailable", "Overloaded", "AddressUnavailable",
           "ERROR_BASES", "problem_for", "problem_headers", "exit_status", "os_error_line", "EXIT_BAD_INPUT",
           "EXIT_INTERNAL", "EXIT_INTERRUPTED"]

#: the command line's exit status for what the user can fix (bad input, a knowledge base to build)
EXIT_BAD_INPUT = 2
#: ... and for a failure of the program itself
EXIT_INTERNAL = 1
#: ... and for Ctrl-C (128 + SIGINT, what a shell reports for a command it interrupted)
EXIT_INTERRUPTED = 130


class APIError(Exception):
    """Base class of the errors raised by :mod:`api`."""

    status = 400
    title = "Bad request"

    def problem_extras(self) -> dict:
        """Members added to the problem details besides status, title and detail."""
        return {}

    def problem_headers(self) -> dict[str, str]:
        """HTTP headers sent with the problem response."""
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


class Overloaded(APIError):
    """A search refused because the admission queue is full (api/admission.py): the server is busy,
    not broken; the client is told when to try again."""

    status = 503
    title = "Server busy"

    def __init__(self, queue_limit: int, retry_after: int):
        self.queue_limit = queue_limit
        self.retry_after = retry_after
        super().__init__(f"{queue_limit} searches are already waiting for their turn; "
                         f"try again in {retry_after} s")

    def problem_extras(self) -> dict:
        return {"queue_limit": self.queue_limit, "retry_after": self.retry_after}

    def problem_headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class AddressUnavailable(APIError):
    """``kg serve`` cannot listen where it was told: the port is taken, needs privileges, or the host is not
    an address of this machine."""

    title = "Address unavailable"

    def __init__(self, host: str, port: int, error: OSError):
        reason = {errno.EADDRINUSE: "the port is in use by another program; stop it or choose another --port",
                  errno.EACCES: "this user may not listen on that port; choose one above 1023 with --port",
                  errno.EADDRNOTAVAIL: "that host is not an address of this machine; see --host"}.get(
                      error.errno, (error.strerror or str(error)).lower())
        super().__init__(f"cannot listen on {host}:{port}: {reason}")


#: what the person can do about an operating-system error on a file or folder they named
_OS_ERROR_ADVICE = {
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied for this user",
    errno.EPERM: "operation not permitted for this user",
    errno.ENOSPC: "no space left on the device",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def os_error_line(error: OSError, kb: str | Path | None = None) -> str:
    """One line for an operating-system error on a path: the path, the reason in words, and, for a path in
    the knowledge base ``kb``, how to choose another (``/srv/kb/.lock: read-only file system; ...``)."""
    path = error.filename if error.filename is not None else ""
    reason = _OS_ERROR_ADVICE.get(error.errno) or (error.strerror or str(error)).lower()
    line = f"{path}: {reason}" if path else reason
    if kb is not None and path and error.errno in _OS_ERROR_ADVICE:
        folder = Path(kb).resolve()
        named = Path(path).resolve()
        if named == folder or folder in named.parents:
            line += f"; the knowledge base folder {kb} must be readable and writable by this user (choose another " \
                    f"with --kb or $KG_KB)"
    return line


#: the base class of each package's errors; an error outside these trees is unexpected (a 500)
ERROR_BASES = (KGError, EmbeddingsError, IngestError, SnapshotError, APIError)


def problem_for(error: BaseException) -> dict | None:
    """The problem details of one of our errors (``status``, ``title``, ``detail`` and extras), else None."""
    if not isinstance(error, ERROR_BASES):
        return None
    return {**error.problem_extras(), "status": error.status, "title": error.title, "detail": str(error)}


def problem_headers(error: BaseException) -> dict[str, str]:
    """The HTTP headers that go with ``error``'s problem response (``Retry-After`` of a busy server)."""
    headers = getattr(error, "problem_headers", None)
    return dict(headers()) if isinstance(error, ERROR_BASES) and callable(headers) else {}


def exit_status(error: BaseException) -> int:
    """The command line's exit status for ``error``, from its ``status``: 2 for a request the user can
    correct (4xx) or a knowledge base to build or rebuild (503), 1 for anything else."""
    problem = problem_for(error)
    if problem is not None and (problem["status"] < 500 or problem["status"] == 503):
        return EXIT_BAD_INPUT
    if isinstance(error, OSError) and getattr(error, "filename", None):
        return EXIT_BAD_INPUT  # a file or folder the user named cannot be read or written
    return EXIT_INTERNAL
