"""The knowledge graph's exceptions: unknown nodes (with suggestions) and missing paths.

Each class carries its HTTP ``status`` and a short ``title`` (after datasette's ``Base400``):
the API's one handler and the command line's exit status read them, never the class itself.
"""

from __future__ import annotations

__all__ = ["KGError", "NodeNotFound", "NoPath", "NotAPaper"]


class KGError(Exception):
    """Base class of the errors raised by :mod:`kg`: a request the graph cannot answer."""

    status = 400
    title = "Bad request"

    def problem_extras(self) -> dict:
        """Members added to the problem details besides status, title and detail."""
        return {}


class NodeNotFound(KGError):
    """A name or id that matches no node; ``suggestions`` holds the closest ids."""

    status = 404
    title = "Node not found"

    def __init__(self, name: str, suggestions: list[dict] | tuple = ()):
        self.name = name
        self.suggestions = list(suggestions)
        hint = ""
        if self.suggestions:
            hint = "; did you mean " + ", ".join(s["id"] for s in self.suggestions) + "?"
        super().__init__(f"no node matches {name!r}{hint}")

    def problem_extras(self) -> dict:
        return {"name": self.name, "suggestions": self.suggestions}


class NoPath(KGError):
    """Two nodes that exist but are not connected by the requested relations."""

    status = 404
    title = "No path"

    def __init__(self, source: str, target: str):
        self.source = source
        self.target = target
        super().__init__(f"no path between {source!r} and {target!r}")

    def problem_extras(self) -> dict:
        return {"from": self.source, "to": self.target}


class NotAPaper(KGError):
    """A node that exists but is not a paper, asked for what only papers have (lineage).

    ``suggestions`` holds the papers that introduce or discuss it, as :class:`NodeNotFound` does.
    """

    status = 400
    title = "Not a paper"

    def __init__(self, node: str, node_type: str, suggestions: list[dict] | tuple = ()):
        self.name = node
        self.node_type = node_type
        self.suggestions = list(suggestions)
        hint = ""
        if self.suggestions:
            hint = "; papers about it: " + ", ".join(s["id"] for s in self.suggestions)
        super().__init__(f"{node} is a {node_type}: lineage (what led to what) links papers only, "
                         f"so a {node_type} has none{hint}")

    def problem_extras(self) -> dict:
        return {"name": self.name, "suggestions": self.suggestions}
