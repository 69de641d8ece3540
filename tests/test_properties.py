"""Property tests (Hypothesis): the parser either parses or raises IngestError; graph queries keep
their promises on random lineage DAGs."""

from __future__ import annotations

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.notes import parse_text
from kg.queries import lineage, path, reading_plan

LINE = st.one_of(
    st.text(max_size=80),
    st.builds(lambda level, title, year: f"{'#' * level} {title}{year}", st.integers(1, 4), st.text(max_size=30),
              st.sampled_from(["", " - 2015", " (2020)", " — 1999", " - 3000", " (1200)"])),
    st.builds(lambda n, sep, text: f"{n}{sep} {text}", st.integers(0, 10_000), st.sampled_from([".", ")"]),
              st.text(max_size=40)),
    st.builds(lambda bullet, text: f"{bullet} {text}", st.sampled_from(["-", "*", "•"]), st.text(max_size=40)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_any_text_parses_or_raises_ingest_error(lines, newline):
    text = newline.join(lines)
    try:
        sections, warnings = parse_text(text, "fuzz.md")
    except IngestError as error:
        assert str(error).startswith("fuzz.md") and "\n" not in str(error)
        return
    for section in sections:
        assert section.title and section.source.file == "fuzz.md"
        assert section.year is None or 1940 <= section.year <= 2100
        for note in section.notes:
            assert all(answer.strip() for answer in note.answers)
            assert 1 <= note.source.line <= len(text.splitlines())


@st.composite
def lineage_dags(draw):
    """Random papers with years; led_to edges only from older (or same-year, earlier-listed) to newer."""
    count = draw(st.integers(2, 14))
    years = sorted(draw(st.lists(st.integers(1990, 2025), min_size=count, max_size=count)))
    G = nx.MultiDiGraph()
    for i, year in enumerate(years):
        G.add_node(f"p{i}", type="paper", name=f"P{i}", year=year, order=i)
    for j in range(1, count):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=3)):
            G.add_edge(f"p{i}", f"p{j}", key="led_to", relation="led_to", kind="cites", kinds=["cites"],
                       evidence=[{"source": "test"}])
    for c in range(draw(st.integers(0, 5))):
        G.add_node(f"c{c}", type="concept", name=f"C{c}")
        G.add_edge(f"c{c}", f"p{draw(st.integers(0, count - 1))}", key="prerequisite", relation="prerequisite",
                   evidence=[{"source": "test"}])
    return G, count


@settings(max_examples=200, deadline=None)
@given(lineage_dags(), st.data())
def test_lineage_never_contains_a_later_paper_and_plans_are_topological(dag, data):
    G, count = dag
    target = f"p{data.draw(st.integers(0, count - 1))}"
    year = G.nodes[target]["year"]
    ancestors = lineage(G, target)["ancestors"]
    assert all(item["year"] <= year for item in ancestors)
    assert [item["year"] for item in ancestors] == sorted(item["year"] for item in ancestors)
    descendants = lineage(G, target, "descendants")["descendants"]
    assert all(item["year"] >= year for item in descendants)
    plan = [item["id"] for item in reading_plan(G, target)["plan"]]
    position = {node: i for i, node in enumerate(plan + [target])}
    for u, v, key in G.edges(keys=True):
        if u in position and v in position:
            assert position[u] < position[v], (u, v)
    if ancestors:
        older = ancestors[0]["id"]
        between = path(G, older, target)
        assert between["mode"] == "lineage"
        assert between["nodes"][0]["id"] == older and between["nodes"][-1]["id"] == target
