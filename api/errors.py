"""API-level errors and their one mapping to RFC 9457 problem details (HTTP) and exit codes (CLI)."""

from __future__ import annotations

from embeddings.errors import EmbeddingsError, IndexMismatch, ModelLoadError
from ingest.errors import IngestError, SnapshotError
from kg.errors import NodeNotFound, NoPath

__all__ = ["InvalidParameter", "problem_for"]


class InvalidParameter(ValueError):
    """A request or command-line parameter that is missing, malformed or over its limit."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


def problem_for(error: Exception) -> dict | None:
    """The problem details for a known error (``status``, ``title``, ``detail`` and extras), else None."""
    if isinstance(error, InvalidParameter):
        return {"status": 400, "title": "Invalid parameter", "detail": str(error), "parameter": error.parameter}
    if isinstance(error, NodeNotFound):
        return {"status": 404, "title": "Node not found", "detail": str(error), "name": error.name,
                "suggestions": error.suggestions}
    if isinstance(error, NoPath):
        return {"status": 404, "title": "No path", "detail": str(error), "from": error.source, "to": error.target}
    if isinstance(error, (SnapshotError, IndexMismatch, ModelLoadError, EmbeddingsError)):
        return {"status": 503, "title": "Knowledge base unavailable", "detail": str(error)}
    if isinstance(error, IngestError):
        return {"status": 400, "title": "Bad notes", "detail": str(error)}
    return None
