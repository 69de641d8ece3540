"""Resolve what a user typed (an id, a name, an alias, with typos) to a node id."""

from __future__ import annotations

import weakref

import networkx as nx
from rapidfuzz import fuzz, process

from kg.errors import NodeNotFound
from kg.model import compact_key, node_title

__all__ = ["resolve", "suggest", "name_keys"]

_TYPE_RANK = {"paper": 0, "concept": 1, "note": 2}
_INDEXES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, _NameIndex]" = weakref.WeakKeyDictionary()
#: a fuzzy match must score at least this (0-100) and beat the runner-up entity by the margin
FUZZY_CUTOFF = 84
FUZZY_MARGIN = 3


def name_keys(node: str, data: dict) -> list[str]:
    """Every compact key a node answers to: its id, name, title and aliases."""
    names = [node, data.get("name", "")]
    if data.get("type") == "paper":
        names.append(data.get("title", ""))
    names.extend(data.get("aliases", ()))
    return [k for k in dict.fromkeys(compact_key(n) for n in names if n) if k]


class _NameIndex:
    """Compact name key -> node ids, built once per graph."""

    def __init__(self, G: nx.MultiDiGraph):
        self.by_key: dict[str, list[str]] = {}
        for node, data in G.nodes(data=True):
            if data.get("type") == "note":
                continue
            for key in name_keys(node, data):
                self.by_key.setdefault(key, []).append(node)
        for key, nodes in self.by_key.items():
            nodes.sort(key=lambda n: (_TYPE_RANK.get(G.nodes[n]["type"], 9), n))
        self.keys = list(self.by_key)


def _index(G: nx.MultiDiGraph) -> _NameIndex:
    index = _INDEXES.get(G)
    if index is None:
        index = _INDEXES[G] = _NameIndex(G)
    return index


def suggest(G: nx.MultiDiGraph, name: str, limit: int = 5) -> list[dict]:
    """The closest nodes to ``name``, best first: ``[{"id", "title", "type", "score"}]``."""
    index = _index(G)
    query = compact_key(name)
    if not query:
        return []
    found: dict[str, float] = {}
    for key, score, _ in process.extract(query, index.keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=50):
        for node in index.by_key[key]:
            found[node] = max(found.get(node, 0), score)
    best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"id": n, "title": node_title(G.nodes[n]), "type": G.nodes[n]["type"], "score": round(s, 1)}
            for n, s in best]


def resolve(G: nx.MultiDiGraph, name: str, types=None) -> str:
    """The id of the node that ``name`` means: an id, a name or an alias, case- and typo-tolerant.

    Raises
    ------
    NodeNotFound
        With the closest suggestions, when nothing matches well enough.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("swin-transformer", type="paper", name="Swin Transformer", aliases=["Swin"])
    >>> resolve(G, "swin"), resolve(G, "Swin  transformer"), resolve(G, "swim transformer")
    ('swin-transformer', 'swin-transformer', 'swin-transformer')
    """
    name = (name or "").strip()
    if not name:
        raise NodeNotFound(name)
    allowed = set(types) if types else None

    def ok(node: str) -> bool:
        return allowed is None or G.nodes[node]["type"] in allowed

    if name in G and ok(name):
        return name
    index = _index(G)
    query = compact_key(name)
    for node in index.by_key.get(query, ()):
        if ok(node):
            return node
    if len(query) >= 3:
        scored: dict[str, float] = {}
        for key, score, _ in process.extract(query, index.keys, scorer=fuzz.ratio, limit=12,
                                             score_cutoff=FUZZY_CUTOFF - 10):
            for node in index.by_key[key]:
                if ok(node):
                    scored[node] = max(scored.get(node, 0), score)
        ranked = sorted(scored.items(), key=lambda item: -item[1])
        if ranked and ranked[0][1] >= FUZZY_CUTOFF and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= FUZZY_MARGIN):
            return ranked[0][0]
    suggestions = [s for s in suggest(G, name) if ok(s["id"])]
    raise NodeNotFound(name, suggestions)
