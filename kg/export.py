"""Graph export for visualization tools: node-link (D3), Cytoscape.js, GraphML, GEXF, DOT and Mermaid."""

from __future__ import annotations

import io
import itertools
import json
import math
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import networkx as nx

from kg.model import node_title
from kg.queries import relation_view

__all__ = ["ExportFormat", "FORMATS", "MERMAID_DEFAULT_LIMITS", "LimitExceeded", "export", "flatten_attributes",
           "mermaid_limits_exceeded", "mermaid_limits_warning", "subgraph"]


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


# yEd reads its drawing from the yFiles extension of GraphML: a <key> with ``yfiles.type`` "nodegraphics"
# ("edgegraphics") and, per node, a y:ShapeNode whose y:NodeLabel is the text drawn (per edge, a
# y:PolyLineEdge with a y:EdgeLabel). Without them yEd draws empty boxes until the user maps a
# property to the label by hand. Namespaces and schema location as yEd writes them.
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YFILES_NS = "http://www.yworks.com/xml/graphml"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
YFILES_SCHEMA_LOCATION = f"{GRAPHML_NS} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
ElementTree.register_namespace("y", YFILES_NS)

# fill, border and yEd shape per node type: the colours of the Mermaid export
_YED_LOOK = {"paper": ("#DBEAFE", "#1D4ED8", "roundrectangle"), "concept": ("#DCFCE7", "#15803D", "ellipse"),
             "note": ("#FEF9C3", "#A16207", "rectangle")}
_YED_CHAR_PX, _YED_PAD_PX, _YED_HEIGHT, _YED_GAP = 7.0, 16.0, 30.0, 20.0


def _edge_label(key: str, data: dict) -> str:
    return key if key != "led_to" else f"led_to {data.get('kind', '')}".strip()


def _q(tag: str) -> str:
    """A GraphML tag, qualified."""
    return f"{{{GRAPHML_NS}}}{tag}"


def _y(tag: str) -> str:
    """A tag of yEd's GraphML extension, qualified."""
    return f"{{{YFILES_NS}}}{tag}"


def _yed_number(value: float) -> str:
    return f"{value:.1f}"


def _to_graphml(G: nx.MultiDiGraph) -> str:
    """GraphML that networkx (and Gephi, Cytoscape) read as before, with yEd's node and edge graphics
    added: every node a labelled, coloured shape on a grid (yEd's layouts arrange it from there)."""
    buffer = io.BytesIO()
    nx.write_graphml(_flat_copy(G), buffer, encoding="utf-8")
    root = ElementTree.fromstring(buffer.getvalue())
    root.set(f"{{{XSI_NS}}}schemaLocation", YFILES_SCHEMA_LOCATION)
    used = {key.get("id") for key in root.iter(_q("key"))}
    free = (f"d{i}" for i in itertools.count() if f"d{i}" not in used)
    node_key, edge_key = next(free), next(free)
    graph = root.find(_q("graph"))
    at = list(root).index(graph)  # GraphML: every <key> before the <graph>
    root.insert(at, ElementTree.Element(_q("key"), {"for": "node", "id": node_key, "yfiles.type": "nodegraphics"}))
    root.insert(at + 1, ElementTree.Element(_q("key"), {"for": "edge", "id": edge_key, "yfiles.type": "edgegraphics"}))

    nodes = graph.findall(_q("node"))
    widths = {}
    for element in nodes:
        title = node_title(G.nodes[element.get("id")])[:80]
        widths[element.get("id")] = (title, max(60.0, len(title) * _YED_CHAR_PX + _YED_PAD_PX))
    columns = max(1, math.ceil(math.sqrt(len(nodes))))
    cell = max((w for _, w in widths.values()), default=60.0) + _YED_GAP
    for i, element in enumerate(nodes):
        title, width = widths[element.get("id")]
        fill, border, shape = _YED_LOOK.get(G.nodes[element.get("id")].get("type"), _YED_LOOK["paper"])
        data = ElementTree.SubElement(element, _q("data"), {"key": node_key})
        drawn = ElementTree.SubElement(data, _y("ShapeNode"))
        ElementTree.SubElement(drawn, _y("Geometry"), {
            "x": _yed_number((i % columns) * cell), "y": _yed_number((i // columns) * (_YED_HEIGHT + _YED_GAP)),
            "width": _yed_number(width), "height": _yed_number(_YED_HEIGHT)})
        ElementTree.SubElement(drawn, _y("Fill"), {"color": fill, "transparent": "false"})
        ElementTree.SubElement(drawn, _y("BorderStyle"), {"color": border, "type": "line", "width": "1.0"})
        ElementTree.SubElement(drawn, _y("NodeLabel"), {"modelName": "internal", "modelPosition": "c"}).text = title
        ElementTree.SubElement(drawn, _y("Shape"), {"type": shape})
    for element in graph.findall(_q("edge")):
        u, v, key = element.get("source"), element.get("target"), element.get("id")
        data = ElementTree.SubElement(element, _q("data"), {"key": edge_key})
        drawn = ElementTree.SubElement(data, _y("PolyLineEdge"))
        ElementTree.SubElement(drawn, _y("LineStyle"), {"color": "#475569", "type": "line", "width": "1.0"})
        ElementTree.SubElement(drawn, _y("Arrows"), {"source": "none", "target": "standard"})
        ElementTree.SubElement(drawn, _y("EdgeLabel")).text = _edge_label(key, G.edges[u, v, key])
    # GraphML in the default namespace, as networkx writes it: ElementTree cannot write a default namespace
    # beside unprefixed attributes (``for``, ``yfiles.type``), so the tags go unqualified under ``xmlns``
    for element in root.iter():
        if element.tag.startswith(f"{{{GRAPHML_NS}}}"):
            element.tag = element.tag[len(GRAPHML_NS) + 2:]
    root.set("xmlns", GRAPHML_NS)
    ElementTree.indent(root, space="  ")
    out = io.BytesIO()
    ElementTree.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue().decode("utf-8") + "\n"


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
        lines.append(f"  {ids[u]} -->|{_mermaid_label(_edge_label(key, data))}| {ids[v]}")
    for kind in ("paper", "concept", "note"):
        members = [ids[n] for n, d in sorted(G.nodes(data=True)) if d.get("type") == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    lines += ["  classDef paper fill:#dbeafe,stroke:#1d4ed8", "  classDef concept fill:#dcfce7,stroke:#15803d",
              "  classDef note fill:#fef9c3,stroke:#a16207"]
    return "\n".join(lines) + "\n"


# Mermaid's defaults (its config schema: ``maxEdges`` 500, ``maxTextSize`` 50,000). Past them a
# renderer that keeps the defaults (GitHub, GitLab, mermaid.live, mmdc) draws an error instead.
MERMAID_DEFAULT_LIMITS = {"maxEdges": 500, "maxTextSize": 50_000}


@dataclass(frozen=True)
class LimitExceeded:
    """One of a format's default limits that an export goes over."""

    setting: str
    value: int
    limit: int

    def __str__(self) -> str:
        unit = "edges" if self.setting == "maxEdges" else "characters"
        return f"{self.value:,} {unit} (Mermaid's {self.setting} is {self.limit:,})"


def mermaid_limits_exceeded(G: nx.MultiDiGraph, text: str) -> list[LimitExceeded]:
    """The default Mermaid limits that ``text``, the Mermaid export of ``G``, goes over (none: ``[]``).

    Mermaid keeps an edge while it holds fewer than ``maxEdges`` and refuses a diagram whose text is
    longer than ``maxTextSize`` (JavaScript's ``length``: UTF-16 code units).

    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="led_to")
    'led_to'
    >>> mermaid_limits_exceeded(G, export(G, "mermaid"))
    []
    """
    edges = G.number_of_edges()  # one line per edge in _to_mermaid
    size = len(text.encode("utf-16-le")) // 2
    over = []
    if edges > MERMAID_DEFAULT_LIMITS["maxEdges"]:
        over.append(LimitExceeded("maxEdges", edges, MERMAID_DEFAULT_LIMITS["maxEdges"]))
    if size > MERMAID_DEFAULT_LIMITS["maxTextSize"]:
        over.append(LimitExceeded("maxTextSize", size, MERMAID_DEFAULT_LIMITS["maxTextSize"]))
    return over


def mermaid_limits_warning(over: list[LimitExceeded], narrow: str) -> str:
    """One line saying which of Mermaid's default limits an export goes over and how to ``narrow`` it.

    >>> mermaid_limits_warning([LimitExceeded("maxEdges", 1124, 500)], "--root ID")
    "the Mermaid diagram has 1,124 edges (Mermaid's maxEdges is 500): a renderer with Mermaid's defaults shows an error instead; export a part of the graph: --root ID"
    """
    return (f"the Mermaid diagram has {' and '.join(map(str, over))}: a renderer with Mermaid's defaults shows an "
            f"error instead; export a part of the graph: {narrow}")


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
        return _to_graphml(G)
    if format == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(_flat_copy(G), buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    if format == "dot":
        return _to_dot(G)
    if format == "mermaid":
        return _to_mermaid(G)
    raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
