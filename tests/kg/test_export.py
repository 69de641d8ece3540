"""Every export format, read back by a real reader with the same node and edge counts."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import networkx as nx
import pytest

from kg.export import FORMATS, export, subgraph


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
