"""Typed response models (pydantic): the source of the OpenAPI document's schemas."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MODELS", "Problem"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SourceRef(_Open):
    file: str
    line: int


class Evidence(_Open):
    source: str = Field(description="catalog, notes or reading-order")
    file: Optional[str] = None
    line: Optional[int] = None
    text: Optional[str] = None


class NodeSummary(_Open):
    id: str
    type: str
    title: str
    name: str
    year: Optional[int] = None


class Resolved(_Open):
    """A name answered under another spelling: present only then (a typo, a note standing for its paper)."""

    from_: str = Field(alias="from")
    to: str
    how: str = Field(description="typo or 'paper of note'")


class EdgeRecord(_Open):
    source: str
    target: str
    relation: str
    kind: Optional[str] = None
    kinds: Optional[list[str]] = None
    evidence: list[Evidence]


class SearchResult(_Open):
    id: str
    type: str
    title: str
    score: float
    paper_id: Optional[str] = None
    snippet: str
    source: Optional[SourceRef] = None


class SearchResponse(_Open):
    query: str
    results: list[SearchResult]


class LineageStep(_Open):
    source: str
    target: str
    kind: str
    evidence: list[Evidence]
    confidence: Optional[float] = None  # the lineage scorer's, when it drew or confirmed the step


class LineageItem(NodeSummary):
    distance: int
    via: Optional[str] = None  # the next paper of its path; evidence[0] is its edge into it
    evidence: list[LineageStep]


class OutsideLine(_Open):
    label: str = Field(description="'earlier, outside this line' (or 'later, ...' for descendants)")
    count: int
    through: list[str] = Field(description="the catalog papers of another line it is reached through")
    papers: list[dict[str, Any]] = Field(description="id, name and year of each, oldest first")


class SuggestedPredecessor(NodeSummary):
    confidence: float = Field(description="the lineage scorer's, under its threshold: never drawn")
    why: str = Field(description="the evidence it weighed, in words")
    file: Optional[str] = None
    line: Optional[int] = None


class LineageResponse(_Open):
    node: NodeSummary
    direction: str
    ancestors: Optional[list[LineageItem]] = None
    descendants: Optional[list[LineageItem]] = None
    edges: list[EdgeRecord]
    main_line: list[str] = Field(description="one chain of led_to edges through the lineage, ids oldest first")
    outside_line: Optional[OutsideLine] = None
    all: Optional[bool] = Field(None, description="true: the group outside_line is listed too, its items marked")
    resolved: Optional[Resolved] = None
    suggested: Optional[list[SuggestedPredecessor]] = Field(
        None, description="no ancestor drawn: the scorer's likeliest predecessors under its threshold, to confirm")


class PlanReason(_Open):
    needed_for: str
    relation: str
    kind: Optional[str] = None
    evidence: list[Evidence]


class PlanItem(NodeSummary):
    depth: Optional[int] = None
    why: list[PlanReason]
    group: Optional[str] = Field(None, description="short plan: the paper this step is listed under")
    on_main_line: Optional[bool] = None
    notes_mentions: Optional[int] = Field(None, description="short plan: how many of the target's notes name it")


class PlanResponse(_Open):
    target: NodeSummary
    known: list[str]
    all: bool = Field(description="false: the steps that matter most (at most 12); true: every step in order")
    plan: list[PlanItem]
    ready_next: list[str]
    total: Optional[int] = Field(None, description="short plan: the number of steps of the full plan")
    introduced_by_target: Optional[list[NodeSummary]] = None
    known_as: Optional[list[dict[str, Any]]] = Field(None, description="each known name that a paper and a concept "
                                                     "share ({written, nodes}): both were left out")
    resolved: Optional[list[Resolved]] = None


class PathResponse(_Open):
    from_: str = Field(alias="from")
    to: str
    mode: str = Field(description="lineage (papers between, oldest first), shortest, or same")
    nodes: list[NodeSummary]
    edges: list[EdgeRecord]
    main_line: list[str] = Field(description="lineage mode: one chain of led_to edges from the older to the newer "
                                             "paper, ids oldest first; empty in shortest mode")
    resolved: Optional[list[Resolved]] = None


class AskResponse(_Open):
    question: str
    intent: str = Field(description="what the question asks: lineage, descendants, prerequisites, path, "
                                    "definition, compare, introduced, year, uses, authors, presenters, list "
                                    "(papers filtered by year, area, track, person or a named node), overview "
                                    "or search. An intent of one name asked of several names joined as a list "
                                    "answers each: `answer` is then {\"each\": [{node, answered_as, answer, "
                                    "text}]}")
    answered_as: str = Field(description="the payload in `answer`: the intent, or search when a name is not in "
                                         "the graph")
    entities: list[NodeSummary] = Field(description="the papers and concepts named, in the order asked")
    answer: dict[str, Any]
    text: str
    trace: dict[str, Any] = Field(description="the intent and why (cue or nearest example with its similarity), "
                                              "each entity with its question span, and the nodes, edges and note lines "
                                              "the answer declared it used as it was built")
    suggestions: list[dict[str, Any]] = Field(description="closest names when a name is not in the graph "
                                                          "(did you mean)")
    follow_up: Optional[dict[str, Any]] = Field(None, description="a second question joined by \"and\" (\"what "
                                                "led to X, and what did it change?\"): its question, answered_as "
                                                "(notes, or the intent when it names something itself), answer "
                                                "and text; `text` above ends with it")


class NodeDetail(_Open):
    node: dict[str, Any]
    outgoing: dict[str, list[dict[str, Any]]]
    incoming: dict[str, list[dict[str, Any]]]
    notes: Optional[list[dict[str, Any]]] = None
    resolved: Optional[Resolved] = None


class NodePage(_Open):
    total: int
    limit: int
    offset: int
    nodes: list[NodeSummary]


class Liveness(_Open):
    status: str


class Refused(_Open):
    snapshot: str
    reason: str
    at: str


class EncoderInfo(_Open):
    model: Optional[str] = None
    backend: Optional[str] = None
    device: Optional[str] = None


class Admission(_Open):
    """The admission queue in front of encoding and search (api/admission.py)."""

    slots: int = Field(description="searches run at once")
    queue_limit: int = Field(description="searches that may wait; the next one is answered 503 with Retry-After")
    in_flight: int = Field(description="searches running now")
    queued: int = Field(description="searches waiting now, first come first served")
    admitted: int = Field(description="searches admitted since the server started")
    refused: int = Field(description="searches refused with 503 since the server started")


class Readiness(_Open):
    status: str = Field(description="ready, or stale when the snapshot CURRENT names was refused")
    snapshot: str = Field(description="the snapshot being served")
    refused: Optional[Refused] = Field(None, description="the last snapshot refused, with the reason")
    model: Optional[dict[str, Any]] = None
    encoder: EncoderInfo = Field(description="the encoder answering queries (null fields without search)")
    counts: Optional[dict[str, Any]] = None
    search: bool
    admission: Optional[Admission] = Field(None, description="the search admission queue (null when it is off)")


class BuildReportResponse(_Open):
    """What the last build found in the notes that the group should fix (ingest/build_report.py)."""

    snapshot: str
    counts: dict[str, int]
    papers_without_year: list[dict[str, Any]] = []
    forward_references: list[dict[str, Any]] = []
    refused_cycles: list[dict[str, Any]] = []
    refused_back_in_time: list[dict[str, Any]] = []
    ambiguous_names: list[dict[str, Any]] = []
    unresolved_names: list[dict[str, Any]] = []
    concepts_created: list[dict[str, Any]] = []
    papers_without_lineage: list[dict[str, Any]] = []
    inferred_unconfirmed: list[dict[str, Any]] = []
    lineage_suggested: list[dict[str, Any]] = []
    bibtex_unmatched: list[dict[str, Any]] = []
    pages_unclassified: list[dict[str, Any]] = []


class Problem(_Open):
    type: str
    title: str
    status: int
    detail: str
    instance: Optional[str] = None


MODELS = (SearchResponse, LineageResponse, PlanResponse, PathResponse, AskResponse, NodeDetail, NodePage,
          Liveness, Readiness, BuildReportResponse, Problem)
