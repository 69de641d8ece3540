"""Graph queries on tiny literal graphs: lineage, reading plans, paths, resolution, errors."""

from __future__ import annotations

import networkx as nx
import pytest

from kg import NodeNotFound, NoPath, lineage, lineage_on_topic, node_detail, path, reading_plan, resolve


def paper(G, node, year, **extra):
    G.add_node(node, type="paper", name=node.upper(), year=year, aliases=extra.pop("aliases", []), **extra)


def link(G, u, v, relation="led_to", kind="cites"):
    attributes = {"kind": kind, "kinds": [kind]} if relation == "led_to" else {}
    G.add_edge(u, v, key=relation, relation=relation, evidence=[{"source": "test", "file": "t", "line": 1}],
               **attributes)


@pytest.fixture()
def G():
    G = nx.MultiDiGraph()
    for node, year in [("a", 2012), ("b", 2014), ("c", 2015), ("d", 2017), ("x", 2014), ("lonely", 2020)]:
        paper(G, node, year)
    G.nodes["d"]["aliases"] = ["Dense Net"]
    for u, v in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "x")]:
        link(G, u, v)
    G.add_node("k1", type="concept", name="convolution", aliases=["conv"])
    G.add_node("k2", type="concept", name="residual connection", aliases=[])
    link(G, "k1", "k2", "prerequisite")
    link(G, "k2", "c", "prerequisite")
    link(G, "k1", "a", "prerequisite")
    return G


def test_lineage_ancestors_oldest_first_with_distance_and_evidence(G):
    answer = lineage(G, "d")
    assert [(i["id"], i["distance"]) for i in answer["ancestors"]] == [("a", 3), ("b", 2), ("c", 1)]
    assert answer["ancestors"][-1]["evidence"][0]["target"] == "d"
    assert {(e["source"], e["target"]) for e in answer["edges"]} == {("a", "b"), ("b", "c"), ("c", "d")}


def test_lineage_descendants(G):
    assert [i["id"] for i in lineage(G, "a", "descendants")["descendants"]] == ["b", "x", "c", "d"]
    assert lineage(G, "lonely")["ancestors"] == []


def test_reading_plan_is_topological_and_leaves_out_what_is_known(G):
    plan = reading_plan(G, "d")
    ids = [i["id"] for i in plan["plan"]]
    assert set(ids) == {"a", "b", "c", "k1", "k2"}
    assert ids.index("k1") < ids.index("k2") < ids.index("c") and ids.index("a") < ids.index("b")
    assert plan["ready_next"] == ["k1"]
    known = reading_plan(G, "d", known=["c"])
    assert [i["id"] for i in known["plan"]] == []  # everything else was needed only on the way to c
    partial = reading_plan(G, "c", known=["k1"])
    # topological, then oldest first among equals: the papers by year, the concept (no year) after them
    assert [i["id"] for i in partial["plan"]] == ["a", "b", "k2"]
    assert all(r["needed_for"] for i in plan["plan"] for r in i["why"])


def test_path_between_papers_of_one_lineage_is_the_dag_between_them(G):
    answer = path(G, "d", "a")
    assert answer["mode"] == "lineage"
    assert [n["id"] for n in answer["nodes"]] == ["a", "b", "c", "d"]
    assert len(answer["edges"]) == 3


def test_path_otherwise_is_the_shortest_over_all_relations(G):
    answer = path(G, "x", "k2")
    assert answer["mode"] == "shortest"
    assert [n["id"] for n in answer["nodes"]] == ["x", "a", "k1", "k2"]
    assert [e["relation"] for e in answer["edges"]] == ["led_to", "prerequisite", "prerequisite"]


def test_no_path_and_unknown_nodes_raise_our_errors(G):
    with pytest.raises(NoPath):
        path(G, "a", "lonely")
    with pytest.raises(NodeNotFound):
        lineage(G, "nope")


@pytest.mark.parametrize("name, expected", [("d", "d"), ("D", "d"), ("dense net", "d"), ("Dense-Net", "d"),
                                            ("CONV", "k1"), ("residual conection", "k2")])
def test_resolve_ids_names_aliases_and_typos(G, name, expected):
    assert resolve(G, name) == expected


def test_unknown_name_suggests_the_closest(G):
    with pytest.raises(NodeNotFound) as caught:
        resolve(G, "convolutionnn network thing")
    assert caught.value.suggestions and caught.value.suggestions[0]["id"] == "k1"


def test_node_detail_groups_neighbours(G):
    detail = node_detail(G, "c")
    assert [n["id"] for n in detail["incoming"]["led_to"]] == ["b"]
    assert [n["id"] for n in detail["outgoing"]["led_to"]] == ["d"]


@pytest.mark.parametrize("direction", ["ancestors", "descendants"])
def test_each_lineage_item_shows_first_the_edge_that_puts_it_at_its_distance(G, direction):
    """a leads to b and, directly, to d: in d's lineage a is at distance 1, so its first evidence is
    a -> d, not a -> b (its first edge), even though a -> b is on the main line."""
    link(G, "a", "d")
    link(G, "b", "d")
    answer = lineage(G, "d" if direction == "ancestors" else "a", direction)
    for item in answer[direction]:
        step = item["evidence"][0]
        toward = step["target"] if direction == "ancestors" else step["source"]
        assert toward == item["via"]
        assert item["distance"] == 1 and toward == answer["node"]["id"] or \
            next(i["distance"] for i in answer[direction] if i["id"] == toward) == item["distance"] - 1
    a = next(i for i in lineage(G, "d")["ancestors"] if i["id"] == "a")
    assert (a["distance"], a["via"], a["evidence"][0]["target"]) == (1, "d", "d")
    assert [s["target"] for s in a["evidence"]] == ["d", "b"]  # then its other edge into the lineage


def test_every_ancestor_in_the_bundled_graph_shows_the_edge_on_its_path(graph):
    """For every discussed paper: an ancestor's first step leads into the paper (distance 1) or into a
    paper one step nearer; so Swin's ResNet (distance 1) shows 'Swin Transformer builds on ResNet'."""
    for node, data in graph.nodes(data=True):
        if data.get("type") != "paper" or not data.get("discussed"):
            continue
        answer = lineage(graph, node)
        distance = {i["id"]: i["distance"] for i in answer["ancestors"]} | {node: 0}
        for item in answer["ancestors"]:
            step = item["evidence"][0]
            assert step["source"] == item["id"] and step["target"] == item["via"], (node, item["id"])
            assert distance[step["target"]] == item["distance"] - 1, (node, item["id"], step["target"])
    resnet = next(i for i in lineage(graph, "swin-transformer")["ancestors"] if i["id"] == "resnet")
    assert resnet["distance"] == 1 and resnet["evidence"][0]["target"] == "swin-transformer"
    assert all("ViT builds on ResNet" != e.get("text") for e in resnet["evidence"][0]["evidence"])


# --- lineage that stays on topic (issue 28, item 4) ------------------------------------------------

def line_graph(edges, tracks):
    """Papers wren (the group's, 2023), kite (a catalog paper of another line), lark and ibis (the
    catalog's ancestry of kite), heron (the group's own line); ``edges``: (earlier, later, kind)."""
    G = nx.MultiDiGraph()
    for node, year, discussed in [("lark", 1998, False), ("ibis", 2012, False), ("heron", 2016, True),
                                  ("kite", 2020, False), ("wren", 2023, True)]:
        paper(G, node, year, track=tracks.get(node), discussed=discussed, cataloged=not discussed)
    for u, v, kind in edges:
        link(G, u, v, kind=kind)
    return G


LIKENED = [("lark", "ibis", "cites"), ("ibis", "kite", "cites"), ("kite", "wren", "inferred"),
           ("heron", "wren", "mentions")]
TRACKS = {"lark": "cnn", "ibis": "cnn", "kite": "vision", "heron": "birds", "wren": "birds"}


def test_ancestry_only_through_a_likened_paper_of_another_line_is_one_group():
    G = line_graph(LIKENED, TRACKS)
    answer = lineage_on_topic(G, "wren")
    assert [a["id"] for a in answer["ancestors"]] == ["heron", "kite"]  # the likened paper itself is listed
    group = answer["outside_line"]
    assert group["label"] == "earlier, outside this line" and group["count"] == 2 and group["through"] == ["kite"]
    assert [p["id"] for p in group["papers"]] == ["lark", "ibis"]
    assert all(e["source"] not in {"lark", "ibis"} for e in answer["edges"])
    every = lineage_on_topic(G, "wren", every=True)
    assert [(a["id"], a.get("outside_line", False)) for a in every["ancestors"]] == [
        ("lark", True), ("ibis", True), ("heron", False), ("kite", False)]
    assert [a["id"] for a in every["ancestors"]] == [a["id"] for a in lineage(G, "wren")["ancestors"]]


def test_a_stated_chain_through_another_line_is_never_hidden():
    # the group states wren builds on kite and kite on heron's ancestor ibis: its own chain, shown whole
    stated = [("lark", "ibis", "cites"), ("ibis", "kite", "stated"), ("kite", "wren", "stated")]
    answer = lineage_on_topic(line_graph(stated, TRACKS), "wren")
    assert {"ibis", "kite"} <= {a["id"] for a in answer["ancestors"]}
    # a chain of the group's own edges (named in the notes, inferred) through the likened paper: shown too
    own = [("lark", "ibis", "cites"), ("ibis", "kite", "mentions"), ("kite", "wren", "inferred")]
    answer = lineage_on_topic(line_graph(own, TRACKS), "wren")
    assert [a["id"] for a in answer["ancestors"]] == ["ibis", "kite"]
    assert [p["id"] for p in answer["outside_line"]["papers"]] == ["lark"]


def test_an_ancestor_of_the_papers_own_line_is_never_hidden_whatever_it_comes_through():
    tracks = {**TRACKS, "ibis": "birds"}  # ibis is on wren's line, reached only through the likened kite
    answer = lineage_on_topic(line_graph(LIKENED, tracks), "wren")
    ids = [a["id"] for a in answer["ancestors"]]
    assert "ibis" in ids and "kite" in ids  # and what stands between it and wren
    assert [p["id"] for p in answer["outside_line"]["papers"]] == ["lark"]


def test_what_the_catalog_says_a_paper_builds_on_brings_its_ancestry():
    cited = [("lark", "ibis", "cites"), ("ibis", "kite", "cites"), ("kite", "wren", "cites")]
    answer = lineage_on_topic(line_graph(cited, TRACKS), "wren")
    assert [a["id"] for a in answer["ancestors"]] == ["lark", "ibis", "kite"]
    assert answer["outside_line"]["count"] == 0


def test_descendants_reached_only_through_another_line_are_one_group_too():
    G = line_graph([("heron", "kite", "inferred"), ("kite", "wren", "cites")], {**TRACKS, "wren": "vision"})
    answer = lineage_on_topic(G, "heron", "descendants")
    assert [d["id"] for d in answer["descendants"]] == ["kite"]
    assert answer["outside_line"]["label"] == "later, outside this line" and answer["outside_line"]["count"] == 1
