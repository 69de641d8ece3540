"""What an ``ask`` answer rests on: the nodes, edges and note lines it used, declared by the code that builds
the answer (each intent says what it read), not found afterwards by walking the finished payload."""

from __future__ import annotations

import networkx as nx

__all__ = ["Used"]


class Used:
    """The nodes, edges and note lines of one answer, in the order declared, each once.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="paper"); G.add_node("b", type="paper")
    >>> G.add_node("b/q1", type="note", question="a vs b", source={"file": "n.md", "line": 4})
    >>> _ = G.add_edge("a", "b", key="led_to")
    >>> used = Used(G)
    >>> used.edge_records([{"source": "a", "target": "b", "relation": "led_to",
    ...                     "evidence": [{"note": "b/q1", "file": "n.md", "line": 4, "text": "a vs b"}]}])
    >>> used.edge("b", "a", "led_to")  # not an edge of the graph: not declared
    >>> used.as_dict()["edges"], [n["id"] for n in used.as_dict()["notes"]], used.as_dict()["nodes"]
    ([{'source': 'a', 'target': 'b', 'relation': 'led_to'}], ['b/q1'], ['a', 'b', 'b/q1'])
    """

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self._nodes: dict[str, None] = {}
        self._edges: dict[tuple[str, str, str], None] = {}
        self._notes: dict[str, dict] = {}
        self._lines: dict[tuple[str, int], dict] = {}  # file lines quoted that are no note (a meeting page's own)

    def node(self, node: str | None) -> None:
        if node is not None and node in self.G:
            self._nodes.setdefault(node)

    def edge(self, source: str, target: str, relation: str, evidence=()) -> None:
        """An edge of the graph the answer used, and the note lines of its evidence."""
        if not self.G.has_edge(source, target, key=relation):
            return
        self._edges.setdefault((source, target, relation))
        self.node(source)
        self.node(target)
        for item in evidence:
            self.evidence(item)

    def evidence(self, item: dict) -> None:
        """One evidence record: a note line when it names its note."""
        if item.get("note") in self.G and item.get("line") is not None:
            self.note(item["note"], item, item.get("text"))

    def note(self, note: str, where: dict | None = None, text: str | None = None) -> None:
        """A note the answer quotes, with its file and line (its own source line unless ``where`` says)."""
        data = self.G.nodes[note] if note in self.G else None
        if data is None or note in self._notes:
            return
        where = where or data.get("source") or {}
        if where.get("line") is None:
            return
        self.node(note)
        self._notes[note] = {"id": note, "file": where.get("file"), "line": where.get("line"),
                             "text": text or data.get("question") or ""}

    def edge_records(self, records) -> None:
        """Edges in the shape of :func:`kg.queries.edge_record` (``lineage``'s and ``path``'s ``edges``)."""
        for record in records:
            self.edge(record["source"], record["target"], record.get("relation", "led_to"), record.get("evidence", ()))

    def lineage(self, answer: dict) -> None:
        """A :func:`kg.queries.lineage` answer: its papers and its ``led_to`` edges."""
        self.node(answer["node"]["id"])
        for item in answer[answer["direction"]]:
            self.node(item["id"])
        self.edge_records(answer["edges"])

    def plan(self, answer: dict) -> None:
        """A reading plan: every step and the edge that makes it needed (its ``why``)."""
        self.node(answer["target"]["id"])
        for item in answer["plan"]:
            for why in item.get("why", ()):
                self.edge(item["id"], why["needed_for"], why["relation"], why.get("evidence", ()))

    def line(self, file: str, line: int, text: str) -> None:
        """A line of a notes file the answer quotes that is no note of a paper (``lines`` in the trace)."""
        self._lines.setdefault((file, line), {"file": file, "line": line, "text": text})

    def as_dict(self) -> dict:
        edges = [{"source": u, "target": v, "relation": r} for u, v, r in self._edges]
        used = {"nodes": list(self._nodes), "edges": edges, "notes": list(self._notes.values())}
        return {**used, "lines": list(self._lines.values())} if self._lines else used
