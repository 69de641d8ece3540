"""Every export format, read back by a real reader with the same node and edge counts."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

from kg.export import FORMATS, MERMAID_DEFAULT_LIMITS, LimitExceeded, export, mermaid_limits_exceeded, subgraph
from kg.model import node_title

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YFILES = "http://www.yworks.com/xml/graphml"  # the namespace of yEd's GraphML extension (prefix y)
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def test_node_link_and_cytoscape_round_trip(graph):
    data = json.loads(export(graph, "node-link"))
    back = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    cy = json.loads(export(graph, "cytoscape"))
    elements = cy["elements"]["nodes"] + cy["elements"]["edges"]
    assert len({e["data"]["id"] for e in elements}) == len(elements)


def test_the_cytoscape_export_reads_back_with_networkx(graph, tmp_path):
    """The .cyjs file in the form Cytoscape desktop imports: networkx reads it back node for node,
    edge for edge, relation and evidence included."""
    path = tmp_path / "papergraph.cyjs"
    path.write_text(export(graph, "cytoscape"), encoding="utf-8")
    back = nx.cytoscape_graph(json.loads(path.read_text(encoding="utf-8")))
    assert back.is_directed() and back.is_multigraph()
    assert set(back.nodes) == set(graph.nodes)
    assert set(back.edges(keys=True)) == set(graph.edges(keys=True))
    u, v, key, data = next(iter(graph.edges(keys=True, data=True)))
    assert back.edges[u, v, key]["evidence"] == data["evidence"] and back.edges[u, v, key]["relation"] == key
    assert back.nodes["resnet"]["type"] == "paper" and back.nodes["resnet"]["year"] == graph.nodes["resnet"]["year"]


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back(graph, fmt, reader):
    back = reader(io.BytesIO(export(graph, fmt).encode("utf-8")))
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    evidence = json.loads(back.edges[next(iter(back.edges))]["evidence"])
    assert isinstance(evidence, list) and evidence


def test_dot_parses_with_pydot_and_renders_with_graphviz(graph, tmp_path):
    import pydot  # a test extra, installed by `make test`

    text = export(graph, "dot")
    (parsed,) = pydot.graph_from_dot_data(text)
    assert len(parsed.get_nodes()) >= graph.number_of_nodes()
    assert len(parsed.get_edges()) == graph.number_of_edges()
    dot = shutil.which("dot")
    assert dot, "Graphviz `dot` must be installed (make test installs it)"
    # the layered layout of the whole graph takes ~30 s on 2 cores; the lineage view renders in well under one
    lineage_view = export(subgraph(graph, relations=["led_to"]), "dot")
    svg = subprocess.run([dot, "-Tsvg"], input=lineage_view, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert svg.lstrip().startswith("<?xml") and svg.count('class="node"') == len(subgraph(graph, relations=["led_to"]))


def test_mermaid_follows_the_syntax_rules_we_rely_on(graph):
    text = export(graph, "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = [l for l in lines if re.match(r"^  n\d+(\[|\(|>)", l)]
    edges = [l for l in lines if "-->" in l]
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    for line in nodes:  # labels quoted, no raw quote inside a label
        label = re.match(r'^  n\d+[\[\(>]"(.*)"[\]\)]$', line)
        assert label and '"' not in label.group(1), line
    for line in edges:
        assert re.match(r"^  n\d+ -->\|[^|\"]+\| n\d+$", line), line


def test_mermaid_limits_are_mermaids_documented_defaults():
    # mermaid.js.org/config/schema-docs/config.html: maxEdges 500, maxTextSize 50000
    assert MERMAID_DEFAULT_LIMITS == {"maxEdges": 500, "maxTextSize": 50_000}


def test_the_whole_graph_in_mermaid_is_over_the_default_edge_limit_and_a_part_is_not(graph):
    over = mermaid_limits_exceeded(graph, export(graph, "mermaid"))
    assert LimitExceeded("maxEdges", graph.number_of_edges(), 500) in over
    assert graph.number_of_edges() > 500
    part = subgraph(graph, "swin-transformer", 1, ["led_to"])
    assert mermaid_limits_exceeded(part, export(part, "mermaid")) == []


def test_mermaid_text_size_is_counted_as_javascript_counts_it():
    """Mermaid compares the text's JavaScript ``length``: a character outside the BMP counts twice."""
    G = nx.MultiDiGraph()
    for i in range(330):
        G.add_node(f"c{i}", type="concept", name="\U0001d538" * 80)  # 𝔸: one code point, two UTF-16 units
    text = export(G, "mermaid")
    assert len(text) < 50_000 < len(text.encode("utf-16-le")) // 2
    assert mermaid_limits_exceeded(G, text) == [LimitExceeded("maxTextSize", len(text.encode("utf-16-le")) // 2, 50_000)]


def test_graphml_carries_yeds_node_and_edge_graphics(graph):
    """yEd's GraphML extension (yWorks' GraphML docs and the yEd Q&A on encoding node labels): a <key
    for="node" yfiles.type="nodegraphics"> before the graph and, in each node's data for it, a
    y:ShapeNode with y:Geometry, y:Fill, y:BorderStyle, y:NodeLabel (the text drawn) and y:Shape; edges
    likewise with yfiles.type="edgegraphics" and a y:PolyLineEdge. yEd then shows the names unmapped."""
    text = export(graph, "graphml")
    declared = {prefix: uri for event, (prefix, uri) in ElementTree.iterparse(io.StringIO(text), events=["start-ns"])}
    assert declared == {"": GRAPHML, "y": YFILES, "xsi": XSI}  # well-formed, namespaces as yEd writes them
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{{{GRAPHML}}}graphml"
    assert root.get(f"{{{XSI}}}schemaLocation") == f"{GRAPHML} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
    children = [child.tag for child in root]
    assert children.index(f"{{{GRAPHML}}}graph") > max(i for i, tag in enumerate(children) if tag == f"{{{GRAPHML}}}key")
    keys = {(k.get("for"), k.get("yfiles.type")): k.get("id") for k in root.iter(f"{{{GRAPHML}}}key") if k.get("yfiles.type")}
    assert set(keys) == {("node", "nodegraphics"), ("edge", "edgegraphics")}
    assert len({k.get("id") for k in root.iter(f"{{{GRAPHML}}}key")}) == len(list(root.iter(f"{{{GRAPHML}}}key")))
    y = lambda tag: f"{{{YFILES}}}{tag}"  # noqa: E731
    nodes = list(root.iter(f"{{{GRAPHML}}}node"))
    assert len(nodes) == graph.number_of_nodes()
    for node in nodes:
        (data,) = [d for d in node.findall(f"{{{GRAPHML}}}data") if d.get("key") == keys["node", "nodegraphics"]]
        (shape_node,) = list(data)
        assert shape_node.tag == y("ShapeNode")
        assert [child.tag for child in shape_node] == [y("Geometry"), y("Fill"), y("BorderStyle"), y("NodeLabel"), y("Shape")]
        geometry = shape_node.find(y("Geometry"))
        assert all(float(geometry.get(a)) >= 0 for a in ("x", "y")) and float(geometry.get("width")) > 0 < float(geometry.get("height"))
        assert shape_node.find(y("NodeLabel")).text == node_title(graph.nodes[node.get("id")])[:80]
        assert shape_node.find(y("Fill")).get("color").startswith("#")
        assert shape_node.find(y("Shape")).get("type") in {"rectangle", "roundrectangle", "ellipse"}
    edges = list(root.iter(f"{{{GRAPHML}}}edge"))
    assert len(edges) == graph.number_of_edges()
    for edge in edges:
        (data,) = [d for d in edge.findall(f"{{{GRAPHML}}}data") if d.get("key") == keys["edge", "edgegraphics"]]
        (line,) = list(data)
        assert line.tag == y("PolyLineEdge") and line.find(y("EdgeLabel")).text.startswith(edge.get("id"))
        assert line.find(y("Arrows")).get("target") == "standard"
    # and the reader that knows the extension (networkx's) takes the label from it
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert back.nodes["resnet"]["label"] == "ResNet (2015)" and back.nodes["resnet"]["shape_type"] == "roundrectangle"


def test_subgraph_by_root_depth_and_relation(graph):
    part = subgraph(graph, "swin-transformer", 1, ["led_to"])
    assert set(part) >= {"swin-transformer", "vit", "resnet", "deit"}
    neighbours = {u for u, _, k in graph.in_edges("swin-transformer", keys=True) if k == "led_to"}
    neighbours |= {v for _, v, k in graph.out_edges("swin-transformer", keys=True) if k == "led_to"}
    assert set(part) == neighbours | {"swin-transformer"}
    assert all(k == "led_to" for *_, k in part.edges(keys=True))
    only = subgraph(graph, relations=["led_to"])
    assert all(d["type"] == "paper" for _, d in only.nodes(data=True))


def test_every_format_is_listed_with_a_content_type():
    assert set(FORMATS) == {"node-link", "cytoscape", "graphml", "gexf", "dot", "mermaid"}
