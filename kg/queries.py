"""Graph queries in the networkx style: lineage, reading plans, paths and node details.

Every function takes the graph first and returns plain JSON-ready dicts; the HTTP API and the
command line print exactly these.
"""

from __future__ import annotations

import weakref

import networkx as nx

from kg.errors import NodeNotFound, NoPath
from kg.model import chronological_key, node_title

__all__ = ["lineage", "reading_plan", "path", "node_detail", "node_summary", "edge_record", "relation_view",
           "relation_graph", "LINEAGE_DIRECTIONS"]

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
    """The short form of a node used inside answers: id, type, title, year."""
    data = G.nodes[node]
    return {"id": node, "type": data["type"], "title": node_title(data), "name": data.get("name", node),
            "year": data.get("year")}


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
    (each with ``distance`` and the ``evidence`` of its edges into the lineage) and ``edges``.

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
    """
    if direction not in LINEAGE_DIRECTIONS:
        raise ValueError("direction must be 'ancestors' or 'descendants'")
    _require(G, node)
    H = _with_node(relation_graph(G, ("led_to",)), node)
    walk = H.reverse(copy=False) if direction == "ancestors" else H
    distances = nx.single_source_shortest_path_length(walk, node, cutoff=max_depth)
    related = set(distances) - {node}
    members = related | {node}
    items = []
    for other in sorted(related, key=lambda n: chronological_key(G, n)):
        neighbours = H.successors(other) if direction == "ancestors" else H.predecessors(other)
        evidence = []
        for neighbour in neighbours:
            if neighbour not in members:
                continue
            source, target = (other, neighbour) if direction == "ancestors" else (neighbour, other)
            data = G.edges[source, target, "led_to"]
            evidence.append({"source": source, "target": target, "kind": data["kind"], "evidence": data["evidence"]})
        items.append({**node_summary(G, other), "distance": distances[other], "evidence": evidence})
    return {"node": node_summary(G, node), "direction": direction, direction: items,
            "edges": _edges_among(G, members, ("led_to",))}


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


def path(G: nx.MultiDiGraph, source: str, target: str, relations=None) -> dict:
    """How two nodes are related, with evidence on every hop.

    When one paper leads to the other over ``led_to``, the answer is the lineage *between* them:
    every paper descending from the older and leading to the newer, as a small DAG oldest first
    (``mode: "lineage"``). Otherwise it is the shortest path over the chosen ``relations`` (all by
    default), edges followed in either direction (``mode: "shortest"``).

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
        return {"from": source, "to": target, "mode": "same", "nodes": [node_summary(G, source)], "edges": []}
    if relations is None or "led_to" in relations:
        H = relation_graph(G, ("led_to",))
        for older, newer in ((source, target), (target, source)):
            if older in H and newer in H and nx.has_path(H, older, newer):
                between = (nx.descendants(H, older) & nx.ancestors(H, newer)) | {older, newer}
                nodes = list(nx.lexicographical_topological_sort(H.subgraph(between),
                                                                 key=lambda n: chronological_key(G, n)))
                return {"from": source, "to": target, "mode": "lineage",
                        "nodes": [node_summary(G, n) for n in nodes],
                        "edges": _edges_among(G, between, ("led_to",))}
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
            "nodes": [node_summary(G, n) for n in hops], "edges": edges}


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
