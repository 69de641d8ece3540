"""The data model: node types, relations, lineage kinds and small helpers over node attributes."""

from __future__ import annotations

import re
import unicodedata

import networkx as nx

__all__ = [
    "NODE_TYPES",
    "RELATIONS",
    "LED_TO_KINDS",
    "new_graph",
    "slugify",
    "compact_key",
    "node_title",
    "chronological_key",
    "add_evidence_edge",
]

NODE_TYPES = ("paper", "concept", "note")
#: relation -> (source types, target types)
RELATIONS = {
    "led_to": ("paper", "paper"),
    "prerequisite": ("concept|paper", "concept|paper"),
    "introduces": ("paper", "concept"),
    "discusses": ("paper", "concept"),
    "part_of": ("note", "paper"),
    "mentions": ("note", "concept|paper"),
}
#: Why one paper led to another, strongest first.
LED_TO_KINDS = ("cites", "mentions", "track")


def new_graph() -> nx.MultiDiGraph:
    """An empty knowledge graph: a MultiDiGraph whose edge keys are the relation names."""
    return nx.MultiDiGraph()


def slugify(name: str) -> str:
    """The id a name gets when the catalog does not know it.

    >>> slugify("Neural ODE")
    'neural-ode'
    >>> slugify("  Mask R-CNN (v2) ")
    'mask-r-cnn-v2'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def compact_key(name: str) -> str:
    """A name reduced to lowercase letters and digits, so spelling variants compare equal.

    >>> compact_key("Mask R-CNN") == compact_key("mask rcnn")
    True
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def node_title(data: dict) -> str:
    """A short human title for a node: ``ResNet (2015)``, a concept's name, a note's question."""
    if data.get("type") == "paper":
        year = data.get("year")
        return f"{data['name']} ({year})" if year else data["name"]
    if data.get("type") == "note":
        question = data.get("question") or "(empty question)"
        return f"{data.get('paper_name', data.get('paper_id', ''))} Q{data.get('number')}: {question}"
    return data.get("name", "")


def chronological_key(G: nx.MultiDiGraph, node: str) -> tuple:
    """Sort key putting papers oldest first: catalog year, then the group's reading order."""
    data = G.nodes[node]
    year = data.get("year")
    return (year if year is not None else 10_000, data.get("order", 10_000), node)


def add_evidence_edge(G: nx.MultiDiGraph, source: str, target: str, relation: str,
                      evidence: dict, **attributes) -> None:
    """Add ``source -relation-> target`` or, if present, append ``evidence`` to it.

    Each (source, target, relation) is one edge whose ``evidence`` lists every reason found.
    A ``led_to`` edge keeps all its ``kinds`` and, as ``kind``, the strongest of them.
    """
    if G.has_edge(source, target, key=relation):
        data = G.edges[source, target, relation]
        if evidence not in data["evidence"]:
            data["evidence"].append(evidence)
    else:
        G.add_edge(source, target, key=relation, relation=relation, evidence=[evidence], **attributes)
        data = G.edges[source, target, relation]
    if relation == "led_to":
        kinds = set(data.get("kinds", ())) | {attributes.get("kind", evidence.get("kind"))}
        kinds.discard(None)
        data["kinds"] = [k for k in LED_TO_KINDS if k in kinds]
        data["kind"] = data["kinds"][0]
