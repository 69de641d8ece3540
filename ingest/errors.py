"""Errors raised while reading notes and building a knowledge base.

Each class carries its HTTP ``status`` and ``title`` (read by the API's one handler and the
command line's exit status): bad notes are the user's input (400); a knowledge base that is
missing, torn or mismatched is a state of the server (503).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["IngestError", "SnapshotError"]


class IngestError(Exception):
    """Bad input: carries the file (and line) so the message can name them.

    ``str(error)`` is one line: ``path:line: message`` (or ``path: message``).
    """

    status = 400
    title = "Bad notes"

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        super().__init__(self.__str__())

    def problem_extras(self) -> dict:
        """Members added to the problem details besides status, title and detail."""
        return {"file": self.file, "line": self.line} if self.file else {}

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class SnapshotError(Exception):
    """A knowledge base that is missing, torn or does not match (one line, names the path)."""

    status = 503
    title = "Knowledge base unavailable"

    def problem_extras(self) -> dict:
        return {}
