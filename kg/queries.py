"""Graph queries in the networkx style: lineage, main lines, reading plans, paths and node details.

Every function takes the graph first and returns plain JSON-ready dicts; the HTTP API and the
command line print exactly these.

The *main line* of a lineage is one chain of real ``led_to`` edges, chosen by a rule written in
:func:`main_line`; the weights it uses and the length of a default reading plan are reviewed data
in ``kg/reading.yaml``.
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from importlib import resources

import networkx as nx
import yaml

from kg.errors import NodeNotFound, NoPath
from kg.lexicon import word_set
from kg.model import LED_TO_KINDS, chronological_key, node_title

__all__ = ["lineage", "lineage_on_topic", "OUTSIDE_LINE", "reading_plan", "short_plan", "main_line", "main_line_between", "step_strength", "path",
           "node_detail", "node_summary", "edge_record", "relation_view", "relation_graph", "reading_rules",
           "LINEAGE_DIRECTIONS"]

LINEAGE_DIRECTIONS = ("ancestors", "descendants")

_PLAN_RELATIONS = ("prerequisite", "led_to")


def relation_view(G: nx.MultiDiGraph, relations) -> nx.MultiDiGraph:
    """A read-only view of ``G`` keeping only the edges whose relation is in ``relations``.

    Cheap to make, slow to walk on a large graph (networkx filters edges on every step); the
    queries use :func:`relation_graph` instead.
    """
    wanted = frozenset(relations)
    return nx.subgraph_view(G, filter_edge=lambda u, v, key: key in wanted)


_DERIVED: "weakref.WeakKeyDictionary[nx.MultiDiGraph, dict]" = weakref.WeakKeyDictionary()


def relation_graph(G: nx.MultiDiGraph, relations) -> nx.DiGraph:
    """A plain DiGraph of the edges whose relation is in ``relations`` (nodes without such edges left out).

    Built in one pass over the edges; for a frozen graph (a loaded snapshot) it is built once and
    kept, so walking lineage on 100k nodes costs the lineage, not the graph.
    """
    key = frozenset(relations)
    cache = _DERIVED.setdefault(G, {}) if nx.is_frozen(G) else {}
    if key not in cache:
        H = nx.DiGraph()
        H.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k in key)
        cache[key] = H
    return cache[key]


def _with_node(H: nx.DiGraph, node: str) -> nx.DiGraph:
    if node in H:
        return H
    lone = nx.DiGraph()
    lone.add_node(node)
    return lone


def _require(G: nx.MultiDiGraph, node: str) -> None:
    if node not in G:
        raise NodeNotFound(node)


def node_summary(G: nx.MultiDiGraph, node: str) -> dict:
    """The short form of a node used inside answers: id, type, title, year; for a concept first proposed
    in a work the graph does not hold, that work (``introduced_in``) and the paper that made it known
    (``popularised_by``) or used it (``used_by``)."""
    data = G.nodes[node]
    summary = {"id": node, "type": data["type"], "title": node_title(data), "name": data.get("name", node),
               "year": data.get("year")}
    if data.get("introduced_in"):
        summary["introduced_in"] = data["introduced_in"]
        for key in ("popularised_by", "used_by"):
            if data.get(key) in G:
                paper = G.nodes[data[key]]
                summary[key] = {"id": data[key], "title": node_title(paper), "name": paper.get("name", data[key])}
    return summary


def edge_record(G: nx.MultiDiGraph, source: str, target: str, relation: str) -> dict:
    """One edge as a dict: endpoints, relation, lineage kind(s) and its evidence."""
    data = G.edges[source, target, relation]
    record = {"source": source, "target": target, "relation": relation}
    if relation == "led_to":
        record["kind"] = data["kind"]
        record["kinds"] = list(data["kinds"])
    record["evidence"] = list(data["evidence"])
    return record


def _edges_among(G: nx.MultiDiGraph, nodes: set, relations) -> list[dict]:
    edges = []
    for source, target, key in G.edges(nodes, keys=True):
        if key in relations and target in nodes:
            edges.append(edge_record(G, source, target, key))
    edges.sort(key=lambda e: (chronological_key(G, e["source"]), chronological_key(G, e["target"])))
    return edges


@lru_cache(maxsize=1)
def reading_rules() -> dict:
    """The reviewed weights and limits of ``kg/reading.yaml`` (evidence grades, plan length)."""
    text = resources.files("kg").joinpath("reading.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def step_strength(G: nx.MultiDiGraph, source: str, target: str) -> dict:
    """How well one ``led_to`` step is supported: its evidence ``grades``, ``weight`` and whether it is the group's.

    Each evidence dict is graded by its ``relation_of_mention`` when it has one (``builds_on``; a
    ``uses``, ``compares`` or ``later`` mention supports no descent and is not counted), else by its
    ``kind``; evidence without either falls back to the edge's ``kinds``. The weight is the sum of
    the weights (``kg/reading.yaml``) of the distinct grades; ``group`` says whether any grade is
    the group's own (notes, a stated line, the reading order) rather than the catalog's alone.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="led_to", kind="cites", kinds=["cites", "track"],
    ...            evidence=[{"kind": "cites"}, {"kind": "track"}])
    'led_to'
    >>> step_strength(G, "a", "b")
    {'grades': ['cites', 'track'], 'weight': 5, 'group': True}
    >>> G.edges["a", "b", "led_to"]["evidence"] = [{"kind": "cites"}, {"kind": "mentions", "relation_of_mention": "uses"}]
    >>> step_strength(G, "a", "b")
    {'grades': ['cites'], 'weight': 2, 'group': False}
    """
    grades = _grades(G.edges[source, target, "led_to"])
    weight, group = _grade_value(grades)
    return {"grades": sorted(grades), "weight": weight, "group": group}


def _grades(data: dict) -> frozenset[str]:
    ignored = _grading()[2]
    grades: set[str] = set()
    graded = False
    for evidence in data.get("evidence", ()):
        relation = evidence.get("relation_of_mention")
        if relation in ignored:
            graded = True
        elif relation == "builds_on":
            grades.add("builds_on")
        elif evidence.get("kind"):
            grades.add(evidence["kind"])
    if not grades and not graded:
        grades = {k for k in (data.get("kinds") or [data.get("kind")]) if k}
    return frozenset(grades)


@lru_cache(maxsize=1)
def _grading() -> tuple[dict, frozenset, frozenset, int]:
    rules = reading_rules()
    return (rules["evidence_weights"], frozenset(rules["group_grades"]), frozenset(rules["ignored_relations"]),
            rules["default_weight"])


@lru_cache(maxsize=256)
def _grade_value(grades: frozenset[str]) -> tuple[int, bool]:
    weights, group, _, default = _grading()
    return sum(weights.get(g, default) for g in grades), bool(grades & group)


def _best_chain(G: nx.MultiDiGraph, H: nx.DiGraph, members: set[str], end: str, start: str | None,
                backwards: bool) -> list[str]:
    """The best chain of ``led_to`` edges among ``members`` ending at ``end`` (from ``start`` when given).

    ``H`` is the ``led_to`` graph; with ``backwards`` the chain is walked from the later papers
    toward ``end`` (a descendants walk). Dynamic programming over a topological order of the walk:
    the score of a chain (:func:`main_line`'s rule) is a tuple that adds up step by step, so the best
    chain to each node extends the best chain to one of its predecessors in the walk.
    """
    into = H.succ if backwards else H.pred
    previous_of = {n: [p for p in into[n] if p in members] for n in members}
    onward: dict[str, list[str]] = {n: [] for n in members}
    waiting = {}
    for node, previous in previous_of.items():
        waiting[node] = len(previous)
        for p in previous:
            onward[p].append(node)
    order = [n for n, count in waiting.items() if count == 0]
    for node in order:  # Kahn's algorithm: grows while it is walked
        for later in onward[node]:
            waiting[later] -= 1
            if waiting[later] == 0:
                order.append(later)
    # ties: the most recent predecessor of a later paper, the earliest successor of an earlier one
    sign = -1 if backwards else 1

    def prefer(n: str) -> tuple:
        year, order, name = chronological_key(G, n)
        return sign * year, sign * order, name

    nodes, adjacency = G.nodes, G.succ
    values = _DERIVED.setdefault(G, {}).setdefault("step_values", {}) if nx.is_frozen(G) else {}
    best: dict[str, tuple] = {}  # node -> (score, previous node or None)
    for node in order:
        discussed = 1 if nodes[node].get("discussed") else 0
        candidates = []
        if (start is None and node != end) or node == start:
            candidates.append(((0, discussed, 0), 1, None))
        for previous in previous_of[node]:
            if previous not in best:
                continue
            source, target = (node, previous) if backwards else (previous, node)
            if (source, target) not in values:
                values[source, target] = _grade_value(_grades(adjacency[source][target]["led_to"]))
            weight, group = values[source, target]
            catalog_steps, papers, total = best[previous][0]
            score = (catalog_steps - (0 if group else 1), papers + discussed, total + weight)
            candidates.append((score, 0, previous))
        if node == end and len(candidates) > 1:
            candidates = [c for c in candidates if c[2] is not None]  # at least one step when there is one
        if candidates:
            top = max(c[:2] for c in candidates)
            tied = [c for c in candidates if c[:2] == top]
            chosen = tied[0] if len(tied) == 1 else max(tied, key=lambda c: prefer(c[2]))
            best[node] = (chosen[0], chosen[2])
    chain, node = [], end
    while node is not None:
        chain.append(node)
        node = best[node][1] if node in best else None
    return chain if backwards else chain[::-1]


def main_line(G: nx.MultiDiGraph, node: str, direction: str = "ancestors", max_depth: int | None = None) -> list[str]:
    """The main line of ``node``'s lineage: one chain of ``led_to`` edges, oldest paper first.

    For ``ancestors`` the chain ends at ``node`` (it is the line the paper came down); for
    ``descendants`` it starts there. Among all chains of ``led_to`` edges within the lineage
    (at most ``max_depth`` hops away), the main line is the one with, compared in this order:

    1. the fewest *catalog-only* steps - steps for which the group's notes, stated lines and
       reading order say nothing (the main line is the group's own path through the literature);
    2. the most papers the group discussed;
    3. the greatest total evidence weight (each step: the sum of the weights of its distinct
       evidence grades, ``kg/reading.yaml``: stated / builds-on, then the reading order's
       ``track``, then the catalog's ``cites``, then a mention with no cue);
    4. on a tie, the most recent predecessor (ancestors) or the earliest successor (descendants).

    It has at least one step when ``node`` has any ``led_to`` neighbour in that direction, and is
    ``[node]`` alone otherwise; it goes no further through steps that only the catalog knows than
    rule 1 allows. ``uses`` and ``compares`` edges are never followed.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y, d in [("a", 2012, True), ("b", 2014, True), ("v", 2014, False), ("c", 2015, True)]:
    ...     G.add_node(n, type="paper", name=n, year=y, discussed=d)
    >>> def step(u, v, *kinds):
    ...     _ = G.add_edge(u, v, key="led_to", kind=kinds[0], kinds=list(kinds),
    ...                    evidence=[{"kind": k} for k in kinds])
    >>> step("a", "b", "mentions", "track"); step("b", "c", "track"); step("a", "v", "cites"); step("v", "c", "cites")
    >>> main_line(G, "c")
    ['a', 'b', 'c']
    >>> main_line(G, "a", "descendants")
    ['a', 'b', 'c']
    """
    if direction not in LINEAGE_DIRECTIONS:
        raise ValueError("direction must be 'ancestors' or 'descendants'")
    _require(G, node)
    H = _with_node(relation_graph(G, ("led_to",)), node)
    backwards = direction == "descendants"
    reach = H if backwards else H.reverse(copy=False)
    members = set(nx.single_source_shortest_path_length(reach, node, cutoff=max_depth))
    return _best_chain(G, H, members, node, None, backwards)


def main_line_between(G: nx.MultiDiGraph, older: str, newer: str) -> list[str]:
    """The main line from ``older`` to ``newer``: :func:`main_line`'s rule over the chains joining the two.

    Raises
    ------
    NoPath
        When ``older`` does not lead to ``newer`` over ``led_to`` edges.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y in [("a", 2012), ("b", 2014), ("c", 2015)]:
    ...     G.add_node(n, type="paper", name=n, year=y, discussed=True)
    >>> for u, v, kind in [("a", "b", "track"), ("b", "c", "track"), ("a", "c", "cites")]:
    ...     _ = G.add_edge(u, v, key="led_to", kind=kind, kinds=[kind], evidence=[{"kind": kind}])
    >>> main_line_between(G, "a", "c")
    ['a', 'b', 'c']
    """
    _require(G, older)
    _require(G, newer)
    H = relation_graph(G, ("led_to",))
    if older == newer:
        return [older]
    between = _lineage_between(H, older, newer)
    if between is None:
        raise NoPath(older, newer)
    return _best_chain(G, H, between, newer, older, False)


def _lineage_between(H: nx.DiGraph, older: str, newer: str) -> set[str] | None:
    """Every paper on a ``led_to`` chain from ``older`` to ``newer`` (both included); None when there is none."""
    if older not in H or newer not in H or not nx.has_path(H, older, newer):
        return None
    return (nx.descendants(H, older) & nx.ancestors(H, newer)) | {older, newer}


def lineage(G: nx.MultiDiGraph, node: str, direction: str = "ancestors", max_depth: int | None = None) -> dict:
    """What led to ``node`` (``ancestors``) or what it led to (``descendants``), oldest first.

    Parameters
    ----------
    G : MultiDiGraph
    node : str
        A node id (resolve names first with :func:`kg.resolve`).
    direction : {"ancestors", "descendants"}
    max_depth : int, optional
        Only papers at most this many ``led_to`` hops away.

    Returns
    -------
    dict with ``node``, ``direction``, the list under ``ancestors`` or ``descendants``
    (each with ``distance``, ``via`` and the ``evidence`` of its edges into the lineage), ``edges``
    and ``main_line`` (ids oldest first, see :func:`main_line`); where no ancestor is drawn, the
    lineage scorer's best guesses under its threshold (``suggested``: each with its ``confidence``
    and ``why``), for the group to confirm. The first step of an item's
    ``evidence`` is the edge that puts it at its distance: into ``node`` itself at distance 1, else
    into ``via``, the next paper of a shortest path (on the main line where one is, then the
    strongest step); its other edges into the lineage follow.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y in [("a", 2012), ("b", 2014), ("c", 2015)]:
    ...     G.add_node(n, type="paper", name=n.upper(), year=y)
    >>> G.add_edge("a", "b", key="led_to", relation="led_to", kind="cites", kinds=["cites"], evidence=[{}])
    'led_to'
    >>> G.add_edge("b", "c", key="led_to", relation="led_to", kind="cites", kinds=["cites"], evidence=[{}])
    'led_to'
    >>> [p["id"] for p in lineage(G, "c")["ancestors"]]
    ['a', 'b']
    >>> lineage(G, "c")["main_line"]  # catalog-only steps: the main line takes no more of them than it must
    ['b', 'c']
    >>> _ = G.add_edge("a", "c", key="led_to", relation="led_to", kind="cites", kinds=["cites"], evidence=[{}])
    >>> a = lineage(G, "c")["ancestors"][0]  # a leads to b and to c: shown at distance 1 by its edge into c
    >>> a["distance"], a["via"], [(step["source"], step["target"]) for step in a["evidence"]]
    (1, 'c', [('a', 'c'), ('a', 'b')])
    """
    if direction not in LINEAGE_DIRECTIONS:
        raise ValueError("direction must be 'ancestors' or 'descendants'")
    _require(G, node)
    H = _with_node(relation_graph(G, ("led_to",)), node)
    walk = H.reverse(copy=False) if direction == "ancestors" else H
    distances = nx.single_source_shortest_path_length(walk, node, cutoff=max_depth)
    related = set(distances) - {node}
    members = related | {node}
    line = _best_chain(G, H, members, node, None, direction == "descendants")
    on_line = set(line)

    def edge_of(other: str, neighbour: str) -> tuple[str, str]:
        return (other, neighbour) if direction == "ancestors" else (neighbour, other)

    def path_first(other: str):
        """Order an item's neighbours: a next step of a shortest path first (on the main line, then the
        strongest step), then the rest by date."""
        def key(neighbour: str):
            next_step = distances[neighbour] == distances[other] - 1
            weight = step_strength(G, *edge_of(other, neighbour))["weight"]
            return (not next_step, neighbour not in on_line, -weight, chronological_key(G, neighbour))
        return key

    items = []
    for other in sorted(related, key=lambda n: chronological_key(G, n)):
        neighbours = H.successors(other) if direction == "ancestors" else H.predecessors(other)
        ordered = sorted((n for n in neighbours if n in members), key=path_first(other))
        evidence = []
        for neighbour in ordered:
            source, target = edge_of(other, neighbour)
            data = G.edges[source, target, "led_to"]
            step = {"source": source, "target": target, "kind": data["kind"], "evidence": data["evidence"]}
            if data.get("confidence") is not None:  # an edge the lineage scorer drew or confirmed
                step["confidence"] = data["confidence"]
            evidence.append(step)
        items.append({**node_summary(G, other), "distance": distances[other], "via": ordered[0] if ordered else None,
                      "evidence": evidence})
    answer = {"node": node_summary(G, node), "direction": direction, direction: items,
              "edges": _edges_among(G, members, ("led_to",)), "main_line": line}
    if direction == "ancestors" and not items:  # the scorer's guesses under its threshold: never edges
        suggested = [{**node_summary(G, g["id"]), **{k: v for k, v in g.items() if k != "id"}}
                     for g in G.nodes[node].get("lineage_suggestions", ()) if g["id"] in G]
        if suggested:
            answer["suggested"] = suggested
    return answer


#: the heading of the group that summarises ancestry (or descent) from outside a paper's own line
OUTSIDE_LINE = {"ancestors": "earlier, outside this line", "descendants": "later, outside this line"}
#: the kinds of led_to edge that come from the group's own notes or statements (not the catalog's cites)
_OWN_WORD_KINDS = frozenset(LED_TO_KINDS) - {"cites", "track"}


def lineage_on_topic(G: nx.MultiDiGraph, node: str, direction: str = "ancestors", max_depth: int | None = None,
                     every: bool = False) -> dict:
    """:func:`lineage`, led by the paper's own line; what comes only through another line, in one group.

    A note that likens a paper to a catalog paper of another research line (its track) makes that
    paper an ancestor, and the catalog's whole ancestry of it follows. Here the walk from ``node``
    does not go *through* such a paper (one the catalog knows, on another track than ``node``'s,
    whether the notes discuss it or not) when it was reached by a likening (an edge the notes' mentions or the
    scorer drew), only when by a cited or stated step (the catalog says Heron builds on Wren: Wren's
    ancestry is Heron's). It is listed, and what lies only beyond it is summarised under
    ``outside_line`` (``label``, ``count``, ``through``: the papers it comes through, ``papers``:
    id, name and year, oldest first). Never summarised: a paper of ``node``'s own track, one on the
    main line, one joined to ``node`` by a chain of the group's own edges (stated, from mentions or
    inferred from the notes), and every paper between those and ``node``. ``every`` lists
    everything as :func:`lineage` does, each item of the group marked ``outside_line: true``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y, track, discussed in [("lark", 1998, "cnn", False), ("ibis", 2012, "cnn", False),
    ...                                ("kite", 2020, "vision", False), ("wren", 2023, None, True)]:
    ...     G.add_node(n, type="paper", name=n.title(), year=y, track=track, discussed=discussed, cataloged=not discussed)
    >>> for a, b, kind in [("lark", "ibis", "cites"), ("ibis", "kite", "cites"), ("kite", "wren", "inferred")]:
    ...     _ = G.add_edge(a, b, key="led_to", relation="led_to", kind=kind, kinds=[kind], evidence=[{}])
    >>> answer = lineage_on_topic(G, "wren")
    >>> [a["id"] for a in answer["ancestors"]], answer["outside_line"]["count"], answer["outside_line"]["through"]
    (['kite'], 2, ['kite'])
    >>> [(a["id"], a.get("outside_line", False)) for a in lineage_on_topic(G, "wren", every=True)["ancestors"]]
    [('lark', True), ('ibis', True), ('kite', False)]
    """
    answer = lineage(G, node, direction, max_depth)
    items = answer[direction]
    related = {item["id"] for item in items}
    track = G.nodes[node].get("track")
    H = _with_node(relation_graph(G, ("led_to",)), node)
    onward = H.predecessors if direction == "ancestors" else H.successors

    def elsewhere(paper: str) -> bool:  # a catalog paper of another line
        data = G.nodes[paper]
        return bool(data.get("cataloged")) and data.get("track") != track

    def kinds(current: str, other: str) -> set[str]:
        source, target = (other, current) if direction == "ancestors" else (current, other)
        return set(G.edges[source, target, "led_to"].get("kinds") or ())

    def reach(opens, every_step: bool) -> set[str]:
        """The papers reached from the node (by any step, or only by those that ``opens``); the walk goes
        on from a paper only where ``opens`` says."""
        seen, opened, frontier = set(), {node}, [node]
        while frontier:
            current = frontier.pop()
            for other in onward(current):
                if other not in related:
                    continue
                step_opens = opens(current, other)
                if every_step or step_opens:
                    seen.add(other)
                if other not in opened and step_opens:
                    opened.add(other)
                    frontier.append(other)
        return seen

    # not through another line's catalog paper reached by a likening; the group's own chain wherever it leads
    kept = reach(lambda current, other: not elsewhere(other) or bool(kinds(current, other) & word_set("outright_led_to_kinds")), True)
    kept |= reach(lambda current, other: bool(kinds(current, other) & _OWN_WORD_KINDS), False)
    kept |= {p for p in related if track is not None and G.nodes[p].get("track") == track}
    kept |= set(answer["main_line"]) & related
    walk = H.reverse(copy=False) if direction == "ancestors" else H
    scope = walk.subgraph(related | {node})
    for paper in list(kept):  # what stands between a kept paper and the node is kept too
        kept.update(nx.shortest_path(scope, node, paper)[1:])
    outside = related - kept
    through = sorted({p for p in kept if elsewhere(p) and any(o in outside for o in onward(p))},
                     key=lambda n: chronological_key(G, n))
    answer["outside_line"] = {
        "label": OUTSIDE_LINE[direction], "count": len(outside), "through": through,
        "papers": [{"id": i["id"], "name": i["name"], "year": i["year"]} for i in items if i["id"] in outside]}
    if every:
        answer[direction] = [{**i, "outside_line": True} if i["id"] in outside else i for i in items]
        answer["all"] = True
    else:
        answer[direction] = [i for i in items if i["id"] not in outside]
        answer["edges"] = [e for e in answer["edges"] if e["source"] not in outside and e["target"] not in outside]
    return answer


def reading_plan(G: nx.MultiDiGraph, target: str, known=()) -> dict:
    """Everything to read or understand before ``target``, in an order that respects prerequisites.

    The plan is the ancestors of ``target`` over ``prerequisite`` and ``led_to`` edges,
    topologically sorted (oldest paper first among equals). Nodes in ``known`` are left out, and so
    is whatever was needed only on the way to a known node.

    Returns
    -------
    dict with ``target``, ``known``, ``plan`` (each item says ``why``: the later nodes it is needed
    for, with evidence) and ``ready_next`` (plan items none of whose prerequisites are missing).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("x", type="concept", name="x"); G.add_node("y", type="concept", name="y")
    >>> G.add_node("p", type="paper", name="P", year=2020)
    >>> _ = G.add_edge("x", "y", key="prerequisite", relation="prerequisite", evidence=[{}])
    >>> _ = G.add_edge("y", "p", key="prerequisite", relation="prerequisite", evidence=[{}])
    >>> [item["id"] for item in reading_plan(G, "p")["plan"]]
    ['x', 'y']
    >>> reading_plan(G, "p", known=["y"])["plan"]
    []
    """
    _require(G, target)
    known = [k for k in dict.fromkeys(known) if k != target]
    for k in known:
        _require(G, k)
    H = _with_node(relation_graph(G, _PLAN_RELATIONS), target)
    pruned = nx.restricted_view(H, [k for k in known if k in H], [])
    needed = nx.ancestors(pruned, target)
    members = needed | {target}
    sub = nx.DiGraph(pruned.subgraph(members))
    order = list(nx.lexicographical_topological_sort(sub, key=lambda n: chronological_key(G, n)))
    depth = nx.single_source_shortest_path_length(sub.reverse(copy=False), target)
    plan = []
    for node in order:
        if node == target:
            continue
        why = []
        for later in sub.successors(node):
            for relation in _PLAN_RELATIONS:
                if not G.has_edge(node, later, key=relation):
                    continue
                data = G.edges[node, later, relation]
                reason = {"needed_for": later, "relation": relation, "evidence": data["evidence"]}
                if relation == "led_to":
                    reason["kind"] = data["kind"]
                why.append(reason)
        why.sort(key=lambda r: chronological_key(G, r["needed_for"]))
        plan.append({**node_summary(G, node), "depth": depth.get(node), "why": why})
    ready = [item["id"] for item in plan if not any(p in needed for p in sub.predecessors(item["id"]))]
    return {"target": node_summary(G, target), "known": known, "plan": plan, "ready_next": ready}


def _notes_mentions(G: nx.MultiDiGraph, paper: str) -> dict[str, int]:
    """How many of ``paper``'s notes name each node: how much the discussion of the paper relies on it."""
    counts: dict[str, int] = {}
    for note, _, relation in G.in_edges(paper, keys=True):
        if relation != "part_of":
            continue
        for _, named, named_relation in G.out_edges(note, keys=True):
            if named_relation == "mentions":
                counts[named] = counts.get(named, 0) + 1
    return counts


def _reading_order(G: nx.MultiDiGraph, papers: list[str], within: set[str]) -> list[str]:
    """``papers`` in an order that respects every path between them within ``within``, oldest first among equals."""
    H = relation_graph(G, _PLAN_RELATIONS).subgraph(within)
    order = nx.DiGraph()
    order.add_nodes_from(papers)
    order.add_edges_from((p, q) for p in papers for q in papers if p != q and p in H and q in H and nx.has_path(H, p, q))
    return list(nx.lexicographical_topological_sort(order, key=lambda n: chronological_key(G, n)))


def short_plan(G: nx.MultiDiGraph, target: str, known=(), max_steps: int | None = None,
               max_papers: int | None = None) -> dict:
    """The steps that matter most before ``target``: a reading plan of a useful length.

    Chosen from the full :func:`reading_plan` (so ``known`` leaves out what the reader knows and
    what it implies), at most ``max_steps`` steps, of which at most ``max_papers`` are papers (the
    defaults are in ``kg/reading.yaml``):

    - **papers**: those ``target`` needs directly (one ``led_to`` or ``prerequisite`` hop) and
      those of its main line (:func:`main_line`), nearest first (hops to ``target``), main-line
      papers first among equals - so the direct predecessor on the main line is always in;
    - **concepts**: the rest of the steps, nearest first, then those the notes of ``target`` name
      most often, then those needed directly by more of the chosen papers. A concept that
      ``target`` itself introduces is learnt by reading it and is listed under
      ``introduced_by_target`` instead.

    The ``plan`` reads as an outline: papers in reading order (every path between two of them
    respected, oldest first among equals), each followed by the concepts
    grouped under it (``group``: the chosen paper that introduces the concept, else the first one
    that needs it directly, else ``target``), then the concepts for ``target`` itself.

    Returns
    -------
    dict with ``target``, ``known``, ``all`` (False), ``plan`` (items of the full plan plus
    ``group``, ``on_main_line`` and ``notes_mentions``), ``ready_next`` (plan items none of whose
    prerequisites are in the plan), ``total`` (steps of the full plan) and
    ``introduced_by_target`` (the concepts of the full plan that ``target`` introduces).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y in [("old", 2010), ("mid", 2014), ("new", 2016)]:
    ...     G.add_node(n, type="paper", name=n.upper(), year=y, discussed=True)
    >>> for n in ("basics", "trick"):
    ...     G.add_node(n, type="concept", name=n)
    >>> def edge(u, v, relation, **extra):
    ...     _ = G.add_edge(u, v, key=relation, relation=relation, evidence=[{}], **extra)
    >>> edge("old", "mid", "led_to", kind="track", kinds=["track"]); edge("mid", "new", "led_to", kind="track", kinds=["track"])
    >>> edge("basics", "trick", "prerequisite"); edge("trick", "new", "prerequisite"); edge("mid", "trick", "introduces")
    >>> [(i["id"], i["group"]) for i in short_plan(G, "new", max_steps=3)["plan"]]
    [('old', 'old'), ('mid', 'mid'), ('trick', 'mid')]
    >>> [i["id"] for i in short_plan(G, "new", max_steps=3, max_papers=1)["plan"]]
    ['mid', 'trick', 'basics']
    """
    limits = reading_rules()["plan"]
    max_steps = limits["max_steps"] if max_steps is None else max_steps
    max_papers = min(limits["max_papers"] if max_papers is None else max_papers, max_steps)
    full = reading_plan(G, target, known)
    position = {item["id"]: n for n, item in enumerate(full["plan"])}
    line = main_line(G, target) if G.nodes[target]["type"] == "paper" else [target]
    relied = _notes_mentions(G, target)
    introduced = {c for _, c, k in G.out_edges(target, keys=True) if k == "introduces"}

    papers = [i for i in full["plan"] if i["type"] == "paper" and (i["depth"] == 1 or i["id"] in line)]
    papers.sort(key=lambda i: (i["depth"], i["id"] not in line, -relied.get(i["id"], 0), position[i["id"]]))
    chosen_papers = papers[:max_papers]
    readers = {i["id"] for i in chosen_papers} | {target}

    def needed_by(concept: str) -> int:
        return sum(1 for _, later, k in G.out_edges(concept, keys=True) if k == "prerequisite" and later in readers)

    concepts = [i for i in full["plan"] if i["type"] != "paper" and i["id"] not in introduced]
    concepts.sort(key=lambda i: (i["depth"], -relied.get(i["id"], 0), -needed_by(i["id"]), position[i["id"]]))
    chosen_concepts = concepts[:max(0, max_steps - len(chosen_papers))]

    paper_order = _reading_order(G, [i["id"] for i in chosen_papers], set(position) | {target})

    def group_of(concept: str) -> str:
        for paper in paper_order:
            if G.has_edge(paper, concept, key="introduces"):
                return paper
        for paper in paper_order:
            if G.has_edge(concept, paper, key="prerequisite"):
                return paper
        return target

    groups: dict[str, list[str]] = {p: [] for p in [*paper_order, target]}
    for item in sorted(chosen_concepts, key=lambda i: position[i["id"]]):
        groups[group_of(item["id"])].append(item["id"])
    order = [n for p in [*paper_order, target] for n in ([p] if p != target else []) + groups[p]]
    group = {n: p for p, members in groups.items() for n in members} | {p: p for p in paper_order}
    items = {item["id"]: item for item in full["plan"]}
    plan = [{**items[n], "group": group[n], "on_main_line": n in line, "notes_mentions": relied.get(n, 0)}
            for n in order]

    chosen = set(order)
    needs = {n: set() for n in chosen}  # what each chosen step needs among the chosen steps
    for item in full["plan"]:
        for reason in item["why"]:
            if reason["needed_for"] in needs and item["id"] in chosen:
                needs[reason["needed_for"]].add(item["id"])
    ready = [n for n in order if not needs[n]]
    return {"target": full["target"], "known": full["known"], "all": False, "plan": plan, "ready_next": ready,
            "total": len(full["plan"]),
            "introduced_by_target": [node_summary(G, i["id"]) for i in full["plan"] if i["id"] in introduced]}


def path(G: nx.MultiDiGraph, source: str, target: str, relations=None) -> dict:
    """How two nodes are related, with evidence on every hop.

    When one paper leads to the other over ``led_to``, the answer is the lineage *between* them:
    every paper descending from the older and leading to the newer, as a small DAG oldest first
    (``mode: "lineage"``), with its ``main_line`` (:func:`main_line_between`). Otherwise it is the
    shortest path over the chosen ``relations`` (all by default), edges followed in either
    direction (``mode: "shortest"``, ``main_line`` empty: no chain of ``led_to`` edges joins them).

    Raises
    ------
    NoPath
        When the two nodes are not connected.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y in [("a", 2012), ("b", 2014), ("c", 2015)]:
    ...     G.add_node(n, type="paper", name=n, year=y)
    >>> for u, v in [("a", "b"), ("b", "c")]:
    ...     _ = G.add_edge(u, v, key="led_to", relation="led_to", kind="cites", kinds=["cites"], evidence=[{}])
    >>> [n["id"] for n in path(G, "a", "c")["nodes"]]
    ['a', 'b', 'c']
    """
    _require(G, source)
    _require(G, target)
    if source == target:
        return {"from": source, "to": target, "mode": "same", "nodes": [node_summary(G, source)], "edges": [],
                "main_line": [source]}
    if relations is None or "led_to" in relations:
        H = relation_graph(G, ("led_to",))
        for older, newer in ((source, target), (target, source)):
            between = _lineage_between(H, older, newer)
            if between is not None:
                nodes = list(nx.lexicographical_topological_sort(H.subgraph(between),
                                                                 key=lambda n: chronological_key(G, n)))
                return {"from": source, "to": target, "mode": "lineage",
                        "nodes": [node_summary(G, n) for n in nodes],
                        "edges": _edges_among(G, between, ("led_to",)),
                        "main_line": _best_chain(G, H, between, newer, older, False)}
    view = relation_view(G, relations) if relations is not None else G
    try:
        hops = nx.shortest_path(view.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        raise NoPath(source, target) from None
    edges = []
    preference = ("led_to", "prerequisite", "introduces", "discusses", "mentions", "part_of")
    for u, v in zip(hops, hops[1:]):
        candidates = [(u, v, k) for k in view.get_edge_data(u, v, default={})]
        candidates += [(v, u, k) for k in view.get_edge_data(v, u, default={})]
        candidates.sort(key=lambda c: preference.index(c[2]) if c[2] in preference else len(preference))
        edges.append(edge_record(G, *candidates[0]))
    return {"from": source, "to": target, "mode": "shortest",
            "nodes": [node_summary(G, n) for n in hops], "edges": edges, "main_line": []}


def node_detail(G: nx.MultiDiGraph, node: str, max_neighbours: int = 200) -> dict:
    """A node with all its attributes and its neighbours grouped by relation and direction."""
    _require(G, node)
    data = {k: v for k, v in G.nodes[node].items()}
    outgoing: dict[str, list] = {}
    incoming: dict[str, list] = {}
    for _, other, relation in G.out_edges(node, keys=True):
        outgoing.setdefault(relation, []).append(other)
    for other, _, relation in G.in_edges(node, keys=True):
        incoming.setdefault(relation, []).append(other)

    def describe(groups, direction):
        result = {}
        for relation, others in sorted(groups.items()):
            others = sorted(set(others), key=lambda n: chronological_key(G, n))[:max_neighbours]
            entries = []
            for other in others:
                source, target = (node, other) if direction == "out" else (other, node)
                entry = node_summary(G, other)
                entry["evidence"] = G.edges[source, target, relation]["evidence"]
                if relation == "led_to":
                    entry["kind"] = G.edges[source, target, relation]["kind"]
                entries.append(entry)
            result[relation] = entries
        return result

    return {"node": {**data, **node_summary(G, node)},
            "outgoing": describe(outgoing, "out"), "incoming": describe(incoming, "in")}
