"""The domain functions behind every endpoint and command: one code path for HTTP and the CLI.

A :class:`Service` wraps one immutable snapshot (and the shared encoder). Each method validates
its parameters, calls one graph or search function and returns the JSON-ready payload that the
endpoint serves and ``kg ... --json`` prints. Under a server, searches and questions (what encodes)
take their turn in the server's admission queue (api/admission.py), shared by every snapshot served.
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import cached_property
from typing import NamedTuple

from embeddings.encoder import Encoder
from embeddings.errors import IndexMismatch
from embeddings.search import SEARCH_MODES, SearchEngine, chunk_result
from ingest.snapshot import Snapshot
from kg import export as graph_export
from kg.descriptions import concept_definition
from kg.model import NODE_TYPES, RELATIONS, chronological_key
from kg.queries import LINEAGE_DIRECTIONS, lineage_on_topic, node_detail, node_summary, path, reading_plan, short_plan
from kg.names import NameIndex
from kg.people import find_people
from kg.resolve import Match, exact_match, known_nodes, match_name, name_keys, paper_of

from api.admission import AdmissionQueue
from api.ask import answer_question
from api.errors import InvalidParameter, SearchUnavailable
from api.settings import LIMITS

__all__ = ["GraphExport", "Service", "check_flag", "check_int", "check_text"]


class GraphExport(NamedTuple):
    """An export as served: the text, its content type, a download name, and the limits it goes over
    (a Mermaid diagram past Mermaid's defaults: ``kg export`` warns on stderr, the API in a header)."""

    body: str
    content_type: str
    filename: str
    over_limits: tuple = ()


def check_text(name: str, value, *, limit: int, required: bool = True) -> str | None:
    """A text parameter within its length limit, stripped. Missing, empty or only whitespace is a 400
    when required (a blank query asks nothing, as an empty one)."""
    if value is None or not str(value).strip():
        if required:
            raise InvalidParameter(name, "is required" if not value else "is blank")
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise InvalidParameter(name, f"is {len(value)} characters long; the limit is {limit}")
    return value


def check_int(name: str, value, *, default: int | None, low: int, high: int) -> int | None:
    """An integer parameter within [low, high]."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidParameter(name, f"must be an integer, not {value!r}") from None
    if not low <= number <= high:
        raise InvalidParameter(name, f"must be between {low} and {high}")
    return number


_TRUE, _FALSE = ("1", "true"), ("0", "false")


def check_flag(name: str, value, *, default: bool = False) -> bool:
    """A yes/no parameter: ``1`` or ``true``, ``0`` or ``false`` (any case); missing or empty is ``default``."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise InvalidParameter(name, f"must be 1 or 0 (true or false), not {value!r}")


def _check_choice(name: str, value, choices, default=None):
    if value is None or value == "":
        return default
    if value not in choices:
        raise InvalidParameter(name, f"must be one of {', '.join(choices)}")
    return value


class Service:
    """Answers over one snapshot. Immutable: a reload makes a new Service and swaps it whole.

    ``admission`` (the server's queue, kept across reloads) admits searches and questions; None (the
    command line, or ``SEARCH_SLOTS=off``) runs them at once.
    """

    def __init__(self, snapshot: Snapshot, encoder: Encoder | None = None, search_mode: str = "hybrid",
                 admission: AdmissionQueue | None = None):
        self.snapshot = snapshot
        self.admission = admission
        self.graph = snapshot.graph
        self.engine = None
        if encoder is not None and snapshot.vectors is not None:
            model = snapshot.manifest.get("model", {})
            if model.get("name") != encoder.model_id or int(model.get("dimension", -1)) != encoder.dimension:
                raise IndexMismatch(
                    f"{snapshot.path}: built with model {model.get('name')} (dimension {model.get('dimension')}), "
                    f"but the encoder is {encoder.model_id} (dimension {encoder.dimension}); serve with the model "
                    f"and backend it was built with (KG_MODEL, KG_BACKEND) or re-run 'kg ingest'")
            self.engine = SearchEngine(list(snapshot.chunks), snapshot.vectors, snapshot.lexical, encoder,
                                       mode=search_mode)
            self._paper_names = NameIndex({n: name_keys(n, d) for n, d in self.graph.nodes(data=True)
                                               if d["type"] == "paper"}, min_key_chars=3)

    @cached_property
    def _listing(self) -> dict[str | None, list[str]]:
        """Node ids in listing order (papers, concepts, notes; each chronologically), all and per type:
        sorted once per snapshot, not on every page request."""
        ordered = sorted(self.graph, key=lambda n: (NODE_TYPES.index(self.graph.nodes[n]["type"]),
                                                    chronological_key(self.graph, n)))
        listing = {kind: [n for n in ordered if self.graph.nodes[n]["type"] == kind] for kind in NODE_TYPES}
        return {None: ordered, **listing}

    # --- names ----------------------------------------------------------------------------------
    def resolve(self, name, parameter: str = "id", types=None) -> str:
        return self.match(name, parameter, types).node

    def match(self, name, parameter: str = "id", types=None) -> Match:
        """The node a name means and how it was found (a typo is reported in the answer as ``resolved``)."""
        name = check_text(parameter, name, limit=LIMITS["name_chars"])
        return match_name(self.graph, name, types)

    # --- endpoints ------------------------------------------------------------------------------
    def search(self, q, k=None, type=None, mode=None) -> dict:
        query = check_text("q", q, limit=LIMITS["query_chars"])
        k = check_int("k", k, default=10, low=1, high=LIMITS["k"])
        types = None
        if type:
            types = [t.strip() for t in str(type).split(",") if t.strip()]
            for t in types:
                _check_choice("type", t, NODE_TYPES)
        mode = _check_choice("mode", mode, SEARCH_MODES)
        if self.engine is None:
            raise SearchUnavailable("search is not available: this knowledge base was loaded without its index")
        with self._admitted():
            focus = {m.entity for m in self._paper_names.find(query, fuzzy=False)}
            results = self.engine.search(query, k, types, mode, focus)
            results = self._people_first(query, self._named_first(query, results, types, k), types, k)
            return {"query": query, "results": results}

    def _admitted(self):
        """The block runs once the admission queue lets it (at once without a queue); a full queue is a 503."""
        return self.admission.admit() if self.admission is not None else nullcontext()

    @cached_property
    def _first_chunk(self) -> dict[str, int]:
        """Node id -> its first chunk (a paper's, a concept's, a note's full text)."""
        first: dict[str, int] = {}
        for index, chunk in enumerate(self.engine.chunks):
            first.setdefault(chunk["id"], index)
        return first

    def _named_first(self, query: str, results: list[dict], types, k: int) -> list[dict]:
        """A query that is a node's own name, title or alias (not a typo: that is a search) answers with
        that node first, scored as the best match; the rest keep their order."""
        named = exact_match(self.graph, query, types)
        chunk = self._first_chunk.get(named.node) if named else None
        if chunk is None:
            return results
        if results and results[0]["id"] == named.node:
            return results
        own = next((r for r in results if r["id"] == named.node), None)
        best = results[0]["score"] if results else 0.0
        first = {**(own or chunk_result(self.engine.chunks[chunk], best)), "score": best}
        return [first, *(r for r in results if r["id"] != named.node)][:k]

    def _people_first(self, query: str, results: list[dict], types, k: int) -> list[dict]:
        """A query naming an author or presenter ("Quenby", "papers by Lee Marsh") answers with their papers
        first (oldest first, scored as the best match), each saying who; the rest keep their order."""
        if types and "paper" not in types:
            return results
        people = find_people(self.graph, query)
        papers = list(dict.fromkeys(p for m in people for p, _ in m.papers))
        if not papers:
            return results
        best = results[0]["score"] if results else 0.0
        first = []
        for paper in papers:
            chunk = self._first_chunk.get(paper)
            own = next((r for r in results if r["id"] == paper), None)
            if own is None and chunk is None:
                continue
            roles = [f"{role} {m.name}" for m in people for p, role in m.papers if p == paper]
            first.append({**(own or chunk_result(self.engine.chunks[chunk], best)), "score": best, "people": roles})
        ids = {r["id"] for r in first}
        return [*first, *(r for r in results if r["id"] not in ids)][:k]

    def lineage(self, name, direction=None, depth=None, all=None) -> dict:
        """The paper's own line, what comes only through another line summarised (``all`` true: all of it)."""
        direction = _check_choice("direction", direction, LINEAGE_DIRECTIONS, "ancestors")
        depth = check_int("depth", depth, default=None, low=1, high=LIMITS["lineage_depth"])
        every = check_flag("all", all)
        found = paper_of(self.graph, self.match(name))
        return _with_resolved(lineage_on_topic(self.graph, found.node, direction, depth, every), [found], single=True)

    def prerequisites(self, name, known=(), all=None) -> dict:
        """The short plan (``all`` false: at most a dozen steps) or every step in order (``all`` true)."""
        every_step = check_flag("all", all)
        known = [k for k in (known or ()) if str(k).strip()]
        if len(known) > LIMITS["known"]:
            raise InvalidParameter("known", f"lists {len(known)} ids; the limit is {LIMITS['known']}")
        target = self.match(name)
        # a name a paper and a concept share marks both known; a concept's own name, the concept
        known_matches = [[*known_nodes(self.graph, check_text("known", k, limit=LIMITS["name_chars"]))] for k in known]
        known_ids = list(dict.fromkeys(m.node for found in known_matches for m in found))
        if every_step:
            plan = {**reading_plan(self.graph, target.node, known_ids), "all": True}
        else:
            plan = short_plan(self.graph, target.node, known_ids)
        both = [{"written": found[0].name, "nodes": [node_summary(self.graph, m.node) for m in found]}
                for found in known_matches if len(found) > 1]
        if both:  # a name a paper and a concept share: both were left out, and the answer says so
            plan["known_as"] = both
        return _with_resolved(plan, [target, *(m for found in known_matches for m in found)])

    def path(self, source, target) -> dict:
        matches = [self.match(source, "from"), self.match(target, "to")]
        return _with_resolved(path(self.graph, matches[0].node, matches[1].node), matches)

    def node(self, name) -> dict:
        found = self.match(name)
        detail = _with_resolved(node_detail(self.graph, found.node), [found], single=True)
        node = detail["node"]
        if node["type"] == "concept":  # the definition as answers give it: from its first source, saying which
            defined = concept_definition(self.graph, node["id"])
            node.update({k: defined[k] for k in ("definition", "definition_from", "definition_source",
                                                 "definition_paper")})
        if node["type"] == "paper" and self.graph.nodes[node["id"]].get("title"):
            node["full_title"] = self.graph.nodes[node["id"]]["title"]  # "title" is the short one every answer uses
        if node["type"] == "paper":
            notes = [n for n, _, k in self.graph.in_edges(node["id"], keys=True) if k == "part_of"]
            notes.sort(key=lambda n: (self.graph.nodes[n]["source"]["line"], n))
            detail["notes"] = [{"id": n, "question": self.graph.nodes[n]["question"],
                                "answers": self.graph.nodes[n]["answers"], "source": self.graph.nodes[n]["source"]}
                               for n in notes]
        return detail

    def nodes(self, type=None, limit=None, offset=None) -> dict:
        type = _check_choice("type", type, NODE_TYPES)
        limit = check_int("limit", limit, default=50, low=1, high=LIMITS["page_size"])
        offset = check_int("offset", offset, default=0, low=0, high=LIMITS["offset"])
        ids = self._listing[type]
        page = ids[offset:offset + limit]
        return {"total": len(ids), "limit": limit, "offset": offset,
                "nodes": [node_summary(self.graph, n) for n in page]}

    def graph_export(self, format=None, root=None, depth=None, relation=None) -> GraphExport:
        """The whole graph or a subgraph in ``format``, with the default limits of the format's renderer
        that it goes over (Mermaid's ``maxEdges`` and ``maxTextSize``)."""
        format = _check_choice("format", format, tuple(graph_export.FORMATS), "node-link")
        depth = check_int("depth", depth, default=2, low=0, high=LIMITS["depth"])
        relations = None
        if relation:
            relations = [r.strip() for r in str(relation).split(",") if r.strip()]
            for r in relations:
                _check_choice("relation", r, tuple(RELATIONS))
        root_id = self.resolve(root, "root") if root and str(root).strip() else None
        G = graph_export.subgraph(self.graph, root_id, depth if root_id else None, relations)
        body = graph_export.export(G, format)
        spec = graph_export.FORMATS[format]
        name = f"papergraph{'-' + root_id if root_id else ''}.{spec.extension}"
        over = tuple(graph_export.mermaid_limits_exceeded(G, body)) if format == "mermaid" else ()
        return GraphExport(body, spec.content_type, name, over)

    def report(self) -> dict:
        """The build report saved in the snapshot (``kg doctor``, ``GET /api/v1/report``)."""
        saved = self.snapshot.manifest.get("report") or self.graph.graph.get("report") or {}
        return {"snapshot": self.snapshot.id, "counts": saved.get("counts", {}),
                **{k: v for k, v in saved.items() if k != "counts"}}

    def ask(self, q) -> dict:
        """A natural question answered (api.ask): intent, entities, answer, text, trace, suggestions."""
        question = check_text("q", q, limit=LIMITS["query_chars"])
        with self._admitted():  # it may encode the question and search; its own search() is part of this turn
            return answer_question(self, question)


def _with_resolved(payload: dict, matches: list[Match], single: bool = False) -> dict:
    """``payload`` with ``"resolved"``: ``{"from", "to", "how"}`` for an endpoint of one name (``single``),
    a list of them for an endpoint of several, present only when a name was taken as another spelling."""
    records = [r for r in (m.record() for m in matches) if r]
    if records:
        payload["resolved"] = records[0] if single else records
    return payload
