"""Resolve what a user typed (an id, a name, an alias, with typos) to a node id.

A name answers as a node only when it means that node: its id, its name, a paper's title, an alias,
or one of these with a slip of the keyboard (:mod:`kg.names`, rules in ``name_rules.yaml``). A typo
match says so (:meth:`Match.record`, shown as ``"resolved"`` in answers); a name that means no node
raises :class:`~kg.errors.NodeNotFound` with the closest suggestions, never another node silently.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import networkx as nx

from kg.errors import NodeNotFound, NotAPaper
from kg.model import compact_key, node_title
from kg.names import name_index, node_names

__all__ = ["Match", "NAME_AND_TITLE", "exact_match", "match_name", "paper_of", "resolve", "suggest", "name_keys",
           "base_name", "namesakes", "known_nodes"]

#: a short name and the title after it, as a heading writes both: "BPR: Bayesian Personalized Ranking", "X - Title"
NAME_AND_TITLE = re.compile(r"\s*:\s+|\s+[-\u2013\u2014]\s+")
#: a name with a qualifier in brackets at its end: "tidal drift (technique)"
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def name_keys(node: str, data: dict) -> list[str]:
    """Every compact key a node answers to: its id, name, title and aliases."""
    return list(dict.fromkeys(compact_key(name) for name, _ in node_names(node, data) if compact_key(name)))


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
    return [{"id": n, "title": node_title(G.nodes[n]), "type": G.nodes[n]["type"], "score": round(s, 1)}
            for n, s in name_index(G).suggest(name, limit)]


def exact_match(G: nx.MultiDiGraph, name: str, types=None) -> Match | None:
    """The node ``name`` is the id, name, title or alias of (case and punctuation aside), or a name and a
    title of one node written together ("Quill: Learning to Ink", "Quill - Learning to Ink"), else None.
    A dictionary look-up: cheap enough for every search query.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("quill", type="paper", name="Quill", aliases=["Learning to Ink"])
    >>> G.add_node("ink", type="concept", name="Ink", aliases=[])
    >>> exact_match(G, "Quill: Learning to Ink"), exact_match(G, "Quill - Ink")
    (Match(name='Quill: Learning to Ink', node='quill', how='title'), None)
    """
    name = (name or "").strip()
    allowed = set(types) if types else None

    def ok(node: str) -> bool:
        return allowed is None or G.nodes[node]["type"] in allowed

    if not name:
        return None
    if name in G and ok(name):
        return Match(name, name, "id")
    for node, how in name_index(G).owners.get(compact_key(name), ()):
        if ok(node):
            return Match(name, node, how)
    parts = NAME_AND_TITLE.split(name, maxsplit=1)  # "BPR: Bayesian Personalized Ranking ...", as a heading writes it
    if len(parts) == 2:
        head, tail = (exact_match(G, part, types) for part in parts)
        if head is not None and tail is not None and head.node == tail.node:
            return Match(name, head.node, "title")
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
    found = name_index(G).lookup(name, ok)
    if found is not None:
        return Match(name, found.node, "typo")
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


def base_name(name: str) -> str:
    """A name without the qualifier in brackets at its end, which tells it apart from its namesake.

    >>> base_name("tidal drift (technique)"), base_name("Tidal Drift")
    ('tidal drift', 'Tidal Drift')
    """
    return _QUALIFIER.sub("", name).strip() or name


def _keys(node: str, data: dict) -> set[str]:
    return {compact_key(n) for n, _ in node_names(node, data)} - {""}


_BASE_NAMES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, dict]" = weakref.WeakKeyDictionary()


def _base_names(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """compact key of each paper's and concept's name without its bracketed qualifier -> the nodes (once per graph)."""
    found = _BASE_NAMES.get(G)
    if found is None:
        found = {}
        for node, data in G.nodes(data=True):
            if data.get("type") in ("paper", "concept"):
                found.setdefault(compact_key(base_name(data.get("name", ""))), []).append(node)
        _BASE_NAMES[G] = found
    return found


def namesakes(G: nx.MultiDiGraph, node: str) -> list[str]:
    """The nodes of the other type that share ``node``'s name, a qualifier in brackets aside: the paper that
    proposed an idea and the idea itself (DESIGN.md: the paper keeps the plain id).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("tidal-drift", type="paper", name="Tidal Drift", aliases=[])
    >>> G.add_node("tidal-drift-technique", type="concept", name="tidal drift (technique)", aliases=["TD"])
    >>> namesakes(G, "tidal-drift"), namesakes(G, "tidal-drift-technique")
    (['tidal-drift-technique'], ['tidal-drift'])
    """
    data = G.nodes[node]
    if data["type"] not in ("paper", "concept"):
        return []
    other = "concept" if data["type"] == "paper" else "paper"
    index, bases = name_index(G), _base_names(G)
    mine = _keys(node, data) | {compact_key(base_name(data.get("name", "")))}
    found = set()
    for key in mine:
        found.update(n for n, _ in index.owners.get(key, ()) if G.nodes[n]["type"] == other)
        found.update(n for n in bases.get(key, ()) if G.nodes[n]["type"] == other)
    return sorted(found)


def known_nodes(G: nx.MultiDiGraph, name: str) -> list[Match]:
    """The nodes a reader marks as known by writing ``name`` (``kg plan --known``): the concept where the
    name is a concept's own name or alias and no paper's; both the paper and the concept where the name is
    equally theirs (a paper and the idea it shares its name with); else the one node :func:`match_name` gives.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("tidal-drift", type="paper", name="Tidal Drift", aliases=["Drift paper"])
    >>> G.add_node("tidal-drift-technique", type="concept", name="tidal drift (technique)", aliases=["drift step"])
    >>> [[m.node for m in known_nodes(G, n)] for n in ("drift step", "Drift paper", "tidal drift")]
    [['tidal-drift-technique'], ['tidal-drift'], ['tidal-drift', 'tidal-drift-technique']]
    """
    key = compact_key(name or "")
    owners = {node: how for node, how in name_index(G).owners.get(key, ())
              if G.nodes[node]["type"] in ("paper", "concept")}
    for node in _base_names(G).get(key, ()):
        if G.nodes[node]["type"] == "concept" and node not in owners:
            owners[node] = "name"
    if not owners:
        return [match_name(G, name)]
    return [Match(name, node, how) for node, how in sorted(owners.items())]
