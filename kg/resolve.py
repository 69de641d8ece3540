"""Resolve what a user typed (an id, a name, an alias, with typos) to a node id.

A name answers as a node only when it means that node: its id, its name, a paper's title, an alias,
or one of these with a slip of the keyboard (:mod:`kg.typos`, rules in ``name_rules.yaml``). A typo
match says so (:meth:`Match.record`, shown as ``"resolved"`` in answers); a name that means no node
raises :class:`~kg.errors.NodeNotFound` with the closest suggestions, never another node silently.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz, process

from kg.errors import NodeNotFound, NotAPaper
from kg.model import compact_key, node_title
from kg.typos import is_typed_acronym, name_rules, name_typo_edits, name_words

__all__ = ["Match", "exact_match", "match_name", "paper_of", "resolve", "suggest", "name_keys"]

_TYPE_RANK = {"paper": 0, "concept": 1, "note": 2}
#: how a key names its node, most direct first: when an id and a name share a key, it is the name
_HOW_RANK = {"name": 0, "id": 1, "alias": 2, "title": 3}
_INDEXES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, _NameIndex]" = weakref.WeakKeyDictionary()
#: rapidfuzz ``ratio`` below which a key is not even tried as a typo (a pre-filter; the rules decide)
CANDIDATE_CUTOFF = 60
CANDIDATES = 20


def _named_keys(node: str, data: dict) -> list[tuple[str, str]]:
    """(compact key, how) for each name a node answers to: its id, name, a paper's title, aliases."""
    named = [(node, "id"), (data.get("name", ""), "name")]
    if data.get("type") == "paper":
        named.append((data.get("title", ""), "title"))
    named.extend((alias, "alias") for alias in data.get("aliases", ()))
    return [(compact_key(n), how, n) for n, how in named if n and compact_key(n)]


def name_keys(node: str, data: dict) -> list[str]:
    """Every compact key a node answers to: its id, name, title and aliases."""
    return list(dict.fromkeys(key for key, _, _ in _named_keys(node, data)))


class _NameIndex:
    """Compact name key -> [(node id, how)], built once per graph (notes are found by id only)."""

    def __init__(self, G: nx.MultiDiGraph):
        self.by_key: dict[str, list[tuple[str, str]]] = {}
        self.words: dict[str, set[tuple[str, ...]]] = {}  # key -> the word splits of the names behind it
        for node, data in G.nodes(data=True):
            if data.get("type") == "note":
                continue
            best: dict[str, str] = {}
            for key, how, written in _named_keys(node, data):
                self.words.setdefault(key, set()).add(name_words(written))
                if key not in best or _HOW_RANK[how] < _HOW_RANK[best[key]]:
                    best[key] = how
            for key, how in best.items():
                self.by_key.setdefault(key, []).append((node, how))
        for entries in self.by_key.values():
            entries.sort(key=lambda entry: (_TYPE_RANK.get(G.nodes[entry[0]]["type"], 9), entry[0]))
        self.keys = list(self.by_key)


def _index(G: nx.MultiDiGraph) -> _NameIndex:
    index = _INDEXES.get(G)
    if index is None:
        index = _INDEXES[G] = _NameIndex(G)
    return index


@dataclass(frozen=True)
class Match:
    """The node a name means and how it was found: ``id``, ``name``, ``title``, ``alias`` or ``typo``."""

    name: str
    node: str
    how: str

    def record(self) -> dict | None:
        """``{"from", "to", "how"}`` when the answer is for another spelling than the one asked, else None."""
        if self.how in ("id", "name", "title", "alias"):
            return None
        return {"from": self.name, "to": self.node, "how": self.how}


def suggest(G: nx.MultiDiGraph, name: str, limit: int = 5) -> list[dict]:
    """The closest nodes to ``name``, best first: ``[{"id", "title", "type", "score"}]``."""
    index = _index(G)
    query = compact_key(name)
    if not query:
        return []
    found: dict[str, float] = {}
    for key, score, _ in process.extract(query, index.keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=50):
        for node, _how in index.by_key[key]:
            found[node] = max(found.get(node, 0), score)
    best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"id": n, "title": node_title(G.nodes[n]), "type": G.nodes[n]["type"], "score": round(s, 1)}
            for n, s in best]


def _typo_match(G: nx.MultiDiGraph, index: _NameIndex, name: str, query: str, ok) -> str | None:
    """The one node whose name ``query`` is a typo of; None when none is, or when two are equally close."""
    rules = name_rules()
    if len(query) < rules.min_chars or is_typed_acronym(name, rules) or "/" in name:
        return None  # short names, acronyms and ids are matched exactly
    words = name_words(name)
    best_edits, best_nodes = None, set()
    for key, _, _ in process.extract(query, index.keys, scorer=fuzz.ratio, limit=CANDIDATES,
                                     score_cutoff=CANDIDATE_CUTOFF):
        nodes = [node for node, _how in index.by_key[key] if ok(node)]
        splits = [e for e in (name_typo_edits(words, split, rules) for split in index.words[key]) if e is not None]
        if not splits or not nodes:
            continue
        edits = min(splits)
        if best_edits is None or edits < best_edits:
            best_edits, best_nodes = edits, {nodes[0]}
        elif edits == best_edits:
            best_nodes.add(nodes[0])
    return next(iter(best_nodes)) if len(best_nodes) == 1 else None


def exact_match(G: nx.MultiDiGraph, name: str, types=None) -> Match | None:
    """The node ``name`` is the id, name, title or alias of (case and punctuation aside), else None.
    A dictionary look-up: cheap enough for every search query."""
    name = (name or "").strip()
    allowed = set(types) if types else None

    def ok(node: str) -> bool:
        return allowed is None or G.nodes[node]["type"] in allowed

    if not name:
        return None
    if name in G and ok(name):
        return Match(name, name, "id")
    for node, how in _index(G).by_key.get(compact_key(name), ()):
        if ok(node):
            return Match(name, node, how)
    return None


def match_name(G: nx.MultiDiGraph, name: str, types=None) -> Match:
    """The node ``name`` means and how it was found (see :func:`resolve`).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("resnet", type="paper", name="ResNet", aliases=[])
    >>> match_name(G, "resnte")
    Match(name='resnte', node='resnet', how='typo')
    """
    name = (name or "").strip()
    if not name:
        raise NodeNotFound(name)
    allowed = set(types) if types else None

    def ok(node: str) -> bool:
        return allowed is None or G.nodes[node]["type"] in allowed

    exact = exact_match(G, name, types)
    if exact is not None:
        return exact
    index = _index(G)
    query = compact_key(name)
    node = _typo_match(G, index, name, query, ok) if query else None
    if node is not None:
        return Match(name, node, "typo")
    raise NodeNotFound(name, [s for s in suggest(G, name) if ok(s["id"])])


def resolve(G: nx.MultiDiGraph, name: str, types=None) -> str:
    """The id of the node that ``name`` means: an id, a name or an alias, case-insensitive, or the same
    name with a slip of the keyboard.

    Raises
    ------
    NodeNotFound
        With the closest suggestions, when the name means no node (another model's name is not a typo).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("swin-transformer", type="paper", name="Swin Transformer", aliases=["Swin"])
    >>> resolve(G, "swin"), resolve(G, "Swin  transformer"), resolve(G, "swim transformer")
    ('swin-transformer', 'swin-transformer', 'swin-transformer')
    """
    return match_name(G, name, types).node


def paper_of(G: nx.MultiDiGraph, match: Match) -> Match:
    """The paper a matched node stands for where only papers apply (lineage): a paper is itself, a
    note is its paper (``how="paper of note"``, reported); a concept has none.

    Raises
    ------
    NotAPaper
        For a concept, with the papers that introduce or discuss it as suggestions.
    """
    data = G.nodes[match.node]
    if data["type"] == "paper":
        return match
    if data["type"] == "note" and data.get("paper_id") in G:
        return Match(match.name, data["paper_id"], "paper of note")
    papers = sorted({s for s, _, k in G.in_edges(match.node, keys=True) if k in ("introduces", "discusses")},
                    key=lambda n: (G.nodes[n].get("year") or 10_000, n))
    raise NotAPaper(match.node, data["type"],
                    [{"id": n, "title": node_title(G.nodes[n]), "type": "paper"} for n in papers[:5]])
