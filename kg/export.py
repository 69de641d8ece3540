"""Graph export for visualization tools: node-link (D3), Cytoscape.js, GraphML, GEXF, DOT and Mermaid."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import networkx as nx

from kg.model import node_title
from kg.queries import relation_view

__all__ = ["ExportFormat", "FORMATS", "export", "subgraph", "flatten_attributes"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    content_type: str
    extension: str


FORMATS = {f.name: f for f in (
    ExportFormat("node-link", "application/json", "json"),
    ExportFormat("cytoscape", "application/json", "cyjs"),
    ExportFormat("graphml", "application/graphml+xml", "graphml"),
    ExportFormat("gexf", "application/gexf+xml", "gexf"),
    ExportFormat("dot", "text/vnd.graphviz", "dot"),
    ExportFormat("mermaid", "text/vnd.mermaid", "mmd"),
)}


def subgraph(G: nx.MultiDiGraph, root: str | None = None, depth: int | None = None, relations=None) -> nx.MultiDiGraph:
    """The whole graph, or the part within ``depth`` hops of ``root``, keeping only ``relations``.

    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="led_to"); G.add_edge("b", "c", key="led_to")
    'led_to'
    'led_to'
    >>> sorted(subgraph(G, "a", 1))
    ['a', 'b']
    """
    H = relation_view(G, relations) if relations else G
    if root is not None:
        reach = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), root, cutoff=depth)
        H = H.subgraph(reach)
    elif relations:
        H = H.subgraph({n for e in H.edges(keys=True) for n in e[:2]})
    return nx.MultiDiGraph(H)


def flatten_attributes(value):
    """Lists and dicts as JSON text, None dropped: what GraphML and GEXF writers accept."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _flat_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        flat = {k: flatten_attributes(v) for k, v in data.items() if v is not None}
        flat["label"] = node_title(data)
        H.add_node(node, **flat)
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: flatten_attributes(x) for k, x in data.items() if x is not None})
    return H


def _dot_quote(text) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOT_SHAPES = {"paper": "box", "concept": "ellipse", "note": "note"}


def _to_dot(G: nx.MultiDiGraph) -> str:
    lines = ["digraph papergraph {", "  rankdir=LR;", "  node [fontname=Helvetica];"]
    for node, data in sorted(G.nodes(data=True)):
        label = node_title(data)[:80]
        lines.append(f"  {_dot_quote(node)} [label={_dot_quote(label)}, shape={_DOT_SHAPES.get(data.get('type'), 'box')}, "
                     f"type={_dot_quote(data.get('type', ''))}];")
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        label = key if key != "led_to" else f"led_to ({data.get('kind', '')})"
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(label)}, relation={_dot_quote(key)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_label(text: str) -> str:
    # Mermaid labels sit in double quotes; quotes and brackets become entity codes, newlines spaces
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", " ")[:80])


def _to_mermaid(G: nx.MultiDiGraph) -> str:
    ids = {node: f"n{i}" for i, node in enumerate(sorted(G.nodes))}
    lines = ["flowchart LR"]
    shapes = {"paper": ('["', '"]'), "concept": ('("', '")'), "note": ('>"', '"]')}
    for node in sorted(G.nodes):
        data = G.nodes[node]
        left, right = shapes.get(data.get("type"), ('["', '"]'))
        lines.append(f"  {ids[node]}{left}{_mermaid_label(node_title(data))}{right}")
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        label = key if key != "led_to" else f"led_to {data.get('kind', '')}".strip()
        lines.append(f"  {ids[u]} -->|{_mermaid_label(label)}| {ids[v]}")
    for kind in ("paper", "concept", "note"):
        members = [ids[n] for n, d in sorted(G.nodes(data=True)) if d.get("type") == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    lines += ["  classDef paper fill:#dbeafe,stroke:#1d4ed8", "  classDef concept fill:#dcfce7,stroke:#15803d",
              "  classDef note fill:#fef9c3,stroke:#a16207"]
    return "\n".join(lines) + "\n"


def _to_cytoscape(G: nx.MultiDiGraph) -> dict:
    """Cytoscape JSON (``.cyjs``): ``elements`` split into ``nodes`` and ``edges``, the form that Cytoscape
    desktop imports, Cytoscape.js accepts and :func:`networkx.cytoscape_graph` reads back (``value`` is
    the node, ``key`` the relation of a multigraph edge)."""
    nodes = [{"group": "nodes", "data": {**data, "id": node, "value": node, "label": node_title(data)}}
             for node, data in G.nodes(data=True)]
    edges = [{"group": "edges", "data": {**data, "id": f"{u}|{key}|{v}", "source": u, "target": v, "key": key,
                                         "relation": key}}
             for u, v, key, data in G.edges(keys=True, data=True)]
    return {"format_version": "1.0", "generated_by": "papergraph", "target_cytoscapejs_version": "~3.0",
            "data": {"name": "papergraph"}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def export(G: nx.MultiDiGraph, format: str) -> str:
    """The graph written in ``format`` (a key of :data:`FORMATS`) as text."""
    if format == "node-link":
        return json.dumps(nx.node_link_data(G, edges="edges"), ensure_ascii=False)
    if format == "cytoscape":
        return json.dumps(_to_cytoscape(G), ensure_ascii=False)
    if format == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(_flat_copy(G), buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    if format == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(_flat_copy(G), buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    if format == "dot":
        return _to_dot(G)
    if format == "mermaid":
        return _to_mermaid(G)
    raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
