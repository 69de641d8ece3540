"""The knowledge graph's exceptions: unknown nodes (with suggestions) and missing paths."""

from __future__ import annotations

__all__ = ["KGError", "NodeNotFound", "NoPath"]


class KGError(Exception):
    """Base class of the errors raised by :mod:`kg`."""


class NodeNotFound(KGError):
    """A name or id that matches no node; ``suggestions`` holds the closest ids."""

    def __init__(self, name: str, suggestions: list[dict] | tuple = ()):
        self.name = name
        self.suggestions = list(suggestions)
        hint = ""
        if self.suggestions:
            hint = "; did you mean " + ", ".join(s["id"] for s in self.suggestions) + "?"
        super().__init__(f"no node matches {name!r}{hint}")


class NoPath(KGError):
    """Two nodes that exist but are not connected by the requested relations."""

    def __init__(self, source: str, target: str):
        self.source = source
        self.target = target
        super().__init__(f"no path between {source!r} and {target!r}")
