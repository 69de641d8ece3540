"""The main line of a lineage and the short reading plan: the rule on tiny literal graphs, then on
real notes (the bundled ones, another group's, the parser's layout corpus when present)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import LED_TO_KINDS, NoPath, lineage, main_line, main_line_between, path, reading_plan, short_plan
from kg.queries import reading_rules, step_strength

DATA = Path(__file__).resolve().parents[1] / "data"


# --- the rule, one criterion at a time, on literal graphs ------------------------------------------
def paper(G, node, year, discussed=True):
    G.add_node(node, type="paper", name=node.upper(), year=year, discussed=discussed)


def step(G, u, v, *kinds, relation_of_mention=None):
    evidence = [{"source": "test", "kind": k} for k in kinds]
    if relation_of_mention:
        evidence = [{**e, "relation_of_mention": relation_of_mention} for e in evidence]
    G.add_edge(u, v, key="led_to", relation="led_to", kind=kinds[0], kinds=list(kinds), evidence=evidence)


def chain_is_real(G, chain):
    return all(G.has_edge(u, v, key="led_to") for u, v in zip(chain, chain[1:]))


def test_a_step_only_the_catalog_knows_is_avoided_even_through_more_discussed_papers():
    G = nx.MultiDiGraph()
    for node, year in [("a", 2012), ("b", 2014), ("side", 2015), ("d", 2017)]:
        paper(G, node, year)
    step(G, "a", "b", "mentions", "track")
    step(G, "b", "d", "track")
    step(G, "b", "side", "cites")        # the detour passes one more discussed paper,
    step(G, "side", "d", "cites")        # but only the catalog knows its two steps
    assert main_line_between(G, "a", "d") == ["a", "b", "d"]
    assert path(G, "a", "d")["main_line"] == ["a", "b", "d"]
    assert lineage(G, "d")["main_line"] == ["a", "b", "d"]


def test_then_the_most_discussed_papers_then_the_strongest_evidence():
    G = nx.MultiDiGraph()
    for node, year in [("a", 2010), ("p", 2012), ("q", 2012), ("x", 2016)]:
        paper(G, node, year, discussed=node != "q")
    for middle in ("p", "q"):
        step(G, "a", middle, "mentions")
        step(G, middle, "x", "mentions", "track", "cites")  # q's steps are as strong, q was not discussed
    assert main_line(G, "x") == ["a", "p", "x"]
    G.nodes["q"]["discussed"] = True
    step(G, "a", "q", "stated")                            # now equal in papers: the stated step wins
    G.edges["a", "q", "led_to"]["evidence"].append({"kind": "stated"})
    assert main_line(G, "x") == ["a", "q", "x"]


def test_ties_go_to_the_most_recent_predecessor_and_the_earliest_successor():
    G = nx.MultiDiGraph()
    for node, year in [("a", 2010), ("early", 2011), ("late", 2013), ("x", 2015)]:
        paper(G, node, year, discussed=node in ("a", "x"))
    for middle in ("early", "late"):
        step(G, "a", middle, "track")
        step(G, middle, "x", "track")
    assert main_line(G, "x") == ["a", "late", "x"]
    assert main_line(G, "a", "descendants") == ["a", "early", "x"]


def test_mentions_that_only_use_or_compare_count_for_nothing_and_builds_on_counts_most():
    G = nx.MultiDiGraph()
    for node, year in [("a", 2010), ("b", 2012), ("c", 2012), ("x", 2015)]:
        paper(G, node, year)
    step(G, "a", "b", "track")
    step(G, "b", "x", "mentions", relation_of_mention="uses")       # a component, not a line
    step(G, "a", "c", "track")
    step(G, "c", "x", "mentions", relation_of_mention="builds_on")
    assert step_strength(G, "b", "x") == {"grades": [], "weight": 0, "group": False}
    assert step_strength(G, "c", "x")["grades"] == ["builds_on"]
    assert main_line(G, "x") == ["a", "c", "x"]


def test_uses_and_compares_edges_are_never_followed():
    G = nx.MultiDiGraph()
    for node, year in [("lenet", 1998), ("resnet", 2015), ("gan", 2016)]:
        paper(G, node, year)
    step(G, "lenet", "resnet", "cites")
    G.add_edge("resnet", "gan", key="uses", relation="uses", evidence=[{"source": "notes", "cue": "uses"}])
    G.add_edge("lenet", "gan", key="compares", relation="compares", evidence=[{"source": "notes", "cue": "unlike"}])
    assert main_line(G, "gan") == ["gan"]
    assert lineage(G, "gan")["main_line"] == ["gan"]
    with pytest.raises(NoPath):
        main_line_between(G, "lenet", "gan")


def test_a_paper_with_any_parent_has_a_main_line_of_at_least_one_step():
    G = nx.MultiDiGraph()
    for node, year in [("a", 2010), ("b", 2012), ("x", 2014)]:
        paper(G, node, year)
    step(G, "a", "b", "cites")
    step(G, "b", "x", "cites")
    line = main_line(G, "x")
    assert len(line) >= 2 and line[-1] == "x" and chain_is_real(G, line)
    assert main_line(G, "a") == ["a"]
    assert main_line(G, "x", max_depth=1) == ["b", "x"]


def test_every_kind_of_lineage_evidence_has_a_reviewed_weight():
    rules = reading_rules()
    assert set(LED_TO_KINDS) <= set(rules["evidence_weights"]), "grade new led_to kinds in kg/reading.yaml"
    assert set(rules["group_grades"]) <= set(rules["evidence_weights"])
    weights = rules["evidence_weights"]
    assert weights["stated"] == weights["builds_on"] > weights["track"] > weights["cites"] > weights["mentions"] > 0
    assert 1 <= rules["plan"]["max_papers"] <= rules["plan"]["max_steps"]


# --- the short plan on a literal graph ---------------------------------------------------------------
@pytest.fixture()
def plan_graph():
    G = nx.MultiDiGraph()
    for node, year in [("root", 2008), ("a", 2010), ("b", 2012), ("side", 2011), ("x", 2015)]:
        paper(G, node, year)
    step(G, "root", "a", "track")
    step(G, "a", "b", "mentions", "track")
    step(G, "b", "x", "track")
    step(G, "side", "x", "cites")
    for n in range(20):
        G.add_node(f"c{n}", type="concept", name=f"concept {n}")
        G.add_edge(f"c{n}", "a" if n < 10 else "x", key="prerequisite", relation="prerequisite", evidence=[{}])
    G.add_node("k", type="concept", name="k")
    G.add_edge("k", "b", key="prerequisite", relation="prerequisite", evidence=[{}])
    G.add_node("own", type="concept", name="own idea")
    G.add_edge("own", "x", key="prerequisite", relation="prerequisite", evidence=[{}])
    G.add_edge("x", "own", key="introduces", relation="introduces", evidence=[{}])
    G.add_node("x/q1", type="note")
    G.add_edge("x/q1", "x", key="part_of", relation="part_of", evidence=[{}])
    G.add_edge("x/q1", "c3", key="mentions", relation="mentions", evidence=[{}])
    return G


def test_short_plan_is_short_papers_first_with_the_main_line_and_concepts_grouped(plan_graph):
    G = plan_graph
    plan = short_plan(G, "x", max_steps=15, max_papers=3)
    ids = [i["id"] for i in plan["plan"]]
    assert len(ids) == 15 and plan["all"] is False and plan["total"] == len(reading_plan(G, "x")["plan"])
    assert {"b", "side", "a"} <= set(ids) and "root" not in ids     # direct parents, then the main line
    concepts = [i for i in ids if i.startswith("c") or i == "k"]
    assert {f"c{n}" for n in range(10, 20)} | {"k"} <= set(concepts)  # nearest first
    assert "c3" in ids and not {f"c{n}" for n in range(10)} - {"c3"} & set(ids)  # then what x's notes name
    assert "own" not in ids and [c["id"] for c in plan["introduced_by_target"]] == ["own"]
    groups = {i["id"]: i["group"] for i in plan["plan"]}
    assert groups["c3"] == "a" and groups["k"] == "b" and groups["c10"] == "x" and groups["b"] == "b"
    papers = [i["id"] for i in plan["plan"] if i["type"] == "paper"]
    assert papers.index("a") < papers.index("b")                      # reading order among papers
    for item in plan["plan"]:                                         # a concept right after its paper
        if item["type"] != "paper" and item["group"] != "x":
            assert ids.index(item["group"]) < ids.index(item["id"])
    assert plan["ready_next"] and set(plan["ready_next"]) <= set(ids)


def test_short_plan_leaves_out_what_is_known_and_what_it_implies(plan_graph):
    plan = short_plan(plan_graph, "x", known=["b"])
    ids = {i["id"] for i in plan["plan"]}
    assert "b" not in ids and "a" not in ids and not any(f"c{n}" in ids for n in range(10))
    assert plan["known"] == ["b"]


# --- real notes ------------------------------------------------------------------------------------------
def _corpora():
    from ingest.pipeline import default_notes_path

    corpora = [("bundled", default_notes_path()), ("other-group", DATA / "other-group")]
    for name in ("layouts", "own-layouts"):  # the parser's tuning corpus and its held-out one
        if (DATA / name).is_dir():
            corpora.append((name, DATA / name))
    return corpora


@pytest.fixture(scope="module", params=_corpora(), ids=lambda c: c[0])
def real_graph(request):
    from ingest.catalog import load_catalog
    from ingest.graph_build import build_graph
    from ingest.notes import parse_paths

    return build_graph(parse_paths([request.param[1]]), load_catalog()).graph


def _discussed(G):
    return sorted(n for n, d in G.nodes(data=True) if d["type"] == "paper" and d.get("discussed"))


def test_every_discussed_paper_has_a_main_line_of_real_edges_ending_at_it(real_graph):
    G = real_graph
    assert _discussed(G)
    for node in _discussed(G):
        answer = lineage(G, node)
        line = answer["main_line"]
        assert line[-1] == node and chain_is_real(G, line), node
        assert set(line) - {node} <= {a["id"] for a in answer["ancestors"]}
        assert (len(line) > 1) == bool(answer["ancestors"]), node
        down = lineage(G, node, "descendants")["main_line"]
        assert down[0] == node and chain_is_real(G, down) and (len(down) > 1) == bool(
            lineage(G, node, "descendants")["descendants"]), node


def test_every_path_within_a_lineage_has_a_main_line_from_one_end_to_the_other(real_graph):
    G = real_graph
    for node in _discussed(G):
        for ancestor in lineage(G, node)["ancestors"]:
            answer = path(G, ancestor["id"], node)
            line = answer["main_line"]
            assert line[0] == ancestor["id"] and line[-1] == node and chain_is_real(G, line)
            assert set(line) <= {n["id"] for n in answer["nodes"]}


def test_every_default_plan_is_short_and_holds_the_direct_predecessor_on_the_main_line(real_graph):
    G = real_graph
    limit = reading_rules()["plan"]["max_steps"]
    for node in _discussed(G):
        plan = short_plan(G, node)
        ids = [i["id"] for i in plan["plan"]]
        full = [i["id"] for i in reading_plan(G, node)["plan"]]
        assert len(ids) <= limit and len(ids) == len(set(ids)) and set(ids) <= set(full), node
        line = main_line(G, node)
        if len(line) > 1:
            assert line[-2] in ids, node
            known = short_plan(G, node, known=[line[-2]])
            assert line[-2] not in {i["id"] for i in known["plan"]}


def test_the_users_chains_are_the_main_lines_of_their_paths():
    """The rule above was written first; these are the chains the user named for the bundled notes."""
    from ingest.catalog import load_catalog
    from ingest.graph_build import build_graph
    from ingest.notes import parse_paths
    from ingest.pipeline import default_notes_path

    G = build_graph(parse_paths([default_notes_path()]), load_catalog()).graph
    assert path(G, "alexnet", "densenet")["main_line"] == ["alexnet", "googlenet", "resnet", "densenet"]
    assert path(G, "dqn", "ddqn")["main_line"] == ["dqn", "drqn", "ddqn"]
    assert path(G, "transformer", "swin-transformer")["main_line"] == ["transformer", "vit", "swin-transformer"]


# --- the dynamic programme gives exactly the rule's best chain, on random lineage DAGs -----------------
KINDS = ("cites", "mentions", "track", "stated")


@st.composite
def lineage_dags(draw):
    size = draw(st.integers(2, 9))
    G = nx.MultiDiGraph()
    for n in range(size):
        paper(G, f"p{n}", 2000 + n // 2, discussed=draw(st.booleans()))
    for later in range(1, size):
        for earlier in draw(st.sets(st.integers(0, later - 1), max_size=3)):
            kinds = sorted(draw(st.sets(st.sampled_from(KINDS), min_size=1, max_size=3)))
            step(G, f"p{earlier}", f"p{later}", *kinds)
    return G


def rule_score(G, chain):
    """main_line's rule written out for one chain: fewest catalog-only steps, most discussed, most weight."""
    strengths = [step_strength(G, u, v) for u, v in zip(chain, chain[1:])]
    return (-sum(1 for s in strengths if not s["group"]), sum(1 for n in chain if G.nodes[n]["discussed"]),
            sum(s["weight"] for s in strengths))


@settings(max_examples=150, deadline=None)
@given(lineage_dags())
def test_main_lines_are_the_best_chains_by_the_written_rule(G):
    H = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "led_to")
    for node in G:
        ancestors = nx.ancestors(H, node) if node in H else set()
        line = main_line(G, node)
        assert line[-1] == node and chain_is_real(G, line)
        if ancestors:  # every chain of at least one step that ends at node
            chains = [p for a in ancestors for p in nx.all_simple_paths(H, a, node)]
            assert rule_score(G, line) == max(rule_score(G, c) for c in chains)
            for older in ancestors:
                between = main_line_between(G, older, node)
                assert between[0] == older and between[-1] == node and chain_is_real(G, between)
                assert rule_score(G, between) == max(rule_score(G, c) for c in nx.all_simple_paths(H, older, node))
        else:
            assert line == [node]
