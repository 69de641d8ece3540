"""The data model: node types, relations, lineage kinds and small helpers over node attributes."""

from __future__ import annotations

import re
import unicodedata
from typing import TypedDict

import networkx as nx

__all__ = [
    "NODE_TYPES",
    "RELATIONS",
    "LINEAGE_RELATIONS",
    "SIDE_RELATIONS",
    "LED_TO_KINDS",
    "PaperNode",
    "ConceptNode",
    "NoteNode",
    "Evidence",
    "EdgeData",
    "NODE_ATTRIBUTES",
    "EDGE_ATTRIBUTES",
    "EVIDENCE_KEYS",
    "graph_schema",
    "new_graph",
    "slugify",
    "compact_key",
    "node_title",
    "authors_text",
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
    "uses": ("paper", "paper"),
    "compares": ("paper", "paper"),
}
#: Relations that lineage and reading plans follow.
LINEAGE_RELATIONS = ("led_to", "prerequisite")
#: Paper -> paper relations shown, exported and drawn, never followed by lineage or plans: the
#: notes of the source paper name the target as a component it uses or a point of comparison.
SIDE_RELATIONS = ("uses", "compares")
#: Why one paper led to another, strongest first: ``stated`` (a ``Builds on:`` line or the group's
#: papers.yaml), ``cites`` (the reviewed catalog), ``mentions`` (the later paper's notes name the
#: earlier one), ``track`` (next paper of the same research line in the group's reading order).
LED_TO_KINDS = ("stated", "cites", "mentions", "inferred", "track")  # the first of an edge's kinds is its kind


class Evidence(TypedDict, total=False):
    """Why an edge exists: a catalog entry, a note line or the reading order."""

    source: str  # "catalog", "notes", "reading-order", "papers.yaml", "bibtex"
    file: str
    line: int
    text: str
    entry: str  # catalog entry id
    note: str  # note id of the line
    matched: str  # the words as written in the note
    kind: str  # a led_to kind (LED_TO_KINDS)
    cue: str  # the cue phrase of the sentence (ingest/cues.yaml)
    relation_of_mention: str  # builds_on, uses, compares, later, none


class EdgeData(TypedDict, total=False):
    """Attributes of every edge; ``kind``/``kinds`` on ``led_to`` only."""

    relation: str
    evidence: list
    kind: str
    kinds: list


class PaperNode(TypedDict, total=False):
    """A paper: from the catalog, the group's papers.yaml or BibTeX, or a heading of the notes."""

    type: str
    name: str
    title: str
    year: int | None
    notes_year: int | None
    area: str
    track: str | None
    aliases: list
    authors: list
    presenters: list  # who presented it to the group ("Presenter:" lines, a presenter property)
    discussed_on: list  # ISO dates of the meetings that discussed it (sessions, journal days, Date: lines)
    status: str | None  # the group's word for where the paper stands (a Status property: "backlog", "up next")
    tags: list  # the group's topic labels for it (tags, keywords: "anti-aliasing"), not kind marks ("#paper")
    venue: str | None
    arxiv: str | None
    summary: str
    notes_summary: str
    discussed: bool
    cataloged: bool
    named_only: bool  # named as an ancestor in the notes, neither discussed nor in a catalog
    order: int
    headings: list
    source: dict
    lineage_suggestions: list  # nothing leads to it: the scorer's likeliest predecessors under its threshold
    #                            ({id, confidence, why, file, line}), for the group to confirm; never edges


class ConceptNode(TypedDict, total=False):
    """A concept: from the catalog or discovered in the notes (``origin``)."""

    type: str
    origin: str  # "catalog" or "notes"
    name: str
    aliases: list
    definition: str
    definition_source: dict | None
    defined_in_notes: bool
    introduced_by: str | None  # the paper (id) that first proposed it
    introduced_in: str | None  # else the work that did, outside the graph: "Hinton et al. 2012"
    popularised_by: str | None  # the paper (id) that made it known, when introduced_in
    used_by: str | None  # or one that used it
    source: dict
    page: dict  # the notes app's page the group keeps for it (file, line), when it has one
    page_papers: list  # the discussed papers that page links to: {"id", "file", "line", "text"} each


class NoteNode(TypedDict, total=False):
    """One question of a discussion with its answers."""

    type: str
    paper_id: str
    paper_name: str
    number: int
    ordinal: int
    question: str
    answers: list
    name: str
    source: dict
    session: str  # the meeting page it was written on, when not the paper's own
    session_date: str  # that meeting's ISO date


NODE_ATTRIBUTES = {"paper": tuple(PaperNode.__annotations__), "concept": tuple(ConceptNode.__annotations__),
                   "note": tuple(NoteNode.__annotations__)}
EDGE_ATTRIBUTES = tuple(EdgeData.__annotations__)
EVIDENCE_KEYS = tuple(Evidence.__annotations__)


def graph_schema() -> dict:
    """The attribute names above as JSON, saved in the graph so readers (the viewer) use the same names."""
    return {"node_types": list(NODE_TYPES), "node_attributes": {k: list(v) for k, v in NODE_ATTRIBUTES.items()},
            "relations": {k: list(v) for k, v in RELATIONS.items()}, "lineage_relations": list(LINEAGE_RELATIONS),
            "side_relations": list(SIDE_RELATIONS), "led_to_kinds": list(LED_TO_KINDS),
            "edge_attributes": list(EDGE_ATTRIBUTES), "evidence_keys": list(EVIDENCE_KEYS)}


def new_graph() -> nx.MultiDiGraph:
    """An empty knowledge graph: a MultiDiGraph whose edge keys are the relation names."""
    return nx.MultiDiGraph()


def slugify(name: str) -> str:
    """The id a name gets when the catalog does not know it.

    >>> slugify("Neural ODE")
    'neural-ode'
    >>> slugify("  Mask R-CNN (v2) ")
    'mask-r-cnn-v2'
    >>> slugify("Heron++"), slugify("Heron+")
    ('heron-plusplus', 'heron-plus')
    """
    text = unicodedata.normalize("NFKD", _trailing_plus(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


#: the characters of a word of a name: ASCII letters and digits, and Greek letters ("β-VAE")
NAME_CHARS = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0391-\u03c9"
#: a word of a name or of a text: an inner apostrophe ("Bengio's") and trailing plus signs ("PointNet++")
#: belong to it; every reader of names splits them with this one pattern
NAME_WORD = re.compile(rf"[{NAME_CHARS}][{NAME_CHARS}'’]*\+*")

#: "PointNet++", "DeepLabv3+": a plus sign ending a name is part of it (another paper than the name
#: without it), unlike the other symbols, which are spelling ("Mask R-CNN" is "mask rcnn")
_PLUS_SUFFIX = re.compile(r"(?<=[A-Za-z0-9])(\++)(?=$|[^A-Za-z0-9+])")


def _trailing_plus(name: str) -> str:
    return _greek_spelled(_PLUS_SUFFIX.sub(lambda m: " " + "plus" * len(m.group(1)), name))


def _greek_spelled(name: str) -> str:
    """Greek letters spelled out, as ASCII would lose them: ``β-VAE`` is ``beta-VAE``, not ``VAE``.

    >>> _greek_spelled("β-VAE"), _greek_spelled("Σ-net")
    ('beta-VAE', 'sigma-net')
    """
    if name.isascii():
        return name
    out = []
    for char in name:
        letter = unicodedata.name(char, "") if not char.isascii() else ""
        if letter.startswith(("GREEK SMALL LETTER ", "GREEK CAPITAL LETTER ")) and len(letter.split()) == 4:
            out.append(letter.split()[-1].lower())
        else:
            out.append(char)
    return "".join(out)


def compact_key(name: str) -> str:
    """A name reduced to lowercase letters and digits, so spelling variants compare equal.

    >>> compact_key("Mask R-CNN") == compact_key("mask rcnn")
    True
    >>> compact_key("Heron++") == compact_key("Heron"), compact_key("HERON++") == compact_key("heron++")
    (False, True)
    """
    text = unicodedata.normalize("NFKD", _trailing_plus(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def node_title(data: dict) -> str:
    """A short human title for a node: ``ResNet (2015)``, a concept's name, a note's question.

    >>> node_title({"type": "paper", "name": "Wren", "year": 2021}), node_title({"type": "paper", "name": "Wren 2021",
    ...                                                                          "year": 2021})
    ('Wren (2021)', 'Wren 2021')
    """
    if data.get("type") == "paper":
        year = data.get("year")  # (not twice: a page named "Wren (2021)" is shown so)
        return f"{data['name']} ({year})" if year and not re.search(rf"\b{year}\W?$", data["name"]) else data["name"]
    if data.get("type") == "note":
        question = data.get("question") or "(empty question)"
        return f"{data.get('paper_name', data.get('paper_id', ''))} Q{data.get('number')}: {question}"
    return data.get("name", "")


def authors_text(authors) -> str:
    """A paper's authors as a reader writes them; "et al." closes an abridged list.

    >>> authors_text(["Alex Krizhevsky", "Ilya Sutskever", "Geoffrey E. Hinton"])
    'Alex Krizhevsky, Ilya Sutskever and Geoffrey E. Hinton'
    >>> authors_text(["Christian Szegedy", "et al."])
    'Christian Szegedy et al.'
    """
    names = [str(a).strip() for a in authors or () if str(a).strip()]
    abridged = bool(names) and names[-1].lower().rstrip(".") == "et al"
    if abridged:
        names = names[:-1]
    if not names:
        return ""
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", " if abridged else " and ") + names[-1]
    return text + (" et al." if abridged else "")


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
