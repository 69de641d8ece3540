"""What the graph says about a concept, on tiny literal graphs: a definition from the first source that has
one (catalog, the notes' answers, the introducing paper's summary) and the papers that use a node."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.descriptions import concept_definition, papers_mentioning, users_of
from kg.model import add_evidence_edge
from kg.resolve import known_nodes, namesakes


def where(line, note=None):
    return {"source": "notes", "file": "n.md", "line": line, **({"note": note, "text": f"line {line}"} if note else {})}


@pytest.fixture()
def G():
    """Two invented papers, the idea the first proposed (sharing its name), and notes about it."""
    G = nx.MultiDiGraph()
    G.add_node("quill", type="paper", name="Quill", title="Quill: Ink Flow", year=2016, aliases=[],
               summary="Ink flow layers let deep nets train.", source={"file": "c.yaml", "line": 1})
    G.add_node("ferrule", type="paper", name="Ferrule", year=2018, aliases=[], summary="", source={})
    G.add_node("ink-flow", type="concept", origin="catalog", name="ink flow", aliases=["inkflow"], definition="",
               introduced_by="quill", source={"file": "c.yaml", "line": 3})
    G.add_node("quill-technique", type="concept", origin="catalog", name="quill (technique)", aliases=["quill layer"],
               definition="", introduced_by="quill", source={})
    add_evidence_edge(G, "quill", "ink-flow", "introduces", {"source": "catalog", "file": "c.yaml", "line": 3})
    add_evidence_edge(G, "quill", "quill-technique", "introduces", {"source": "catalog", "file": "c.yaml", "line": 4})
    for note, paper, question, answers, line in (("quill/q1", "quill", "Ink flow", ["No one"], 10),
                                                 ("ferrule/q2", "ferrule", "why ink flow helps", ["depth"], 20),
                                                 ("ferrule/q3", "ferrule", "stacking quill layers", ["deeper"], 21)):
        G.add_node(note, type="note", paper_id=paper, question=question, answers=answers,
                   source={"file": "n.md", "line": line})
        add_evidence_edge(G, note, paper, "part_of", where(line))
    add_evidence_edge(G, "quill/q1", "ink-flow", "mentions", where(10, "quill/q1"))
    add_evidence_edge(G, "ferrule/q2", "ink-flow", "mentions", where(20, "ferrule/q2"))
    add_evidence_edge(G, "ferrule/q3", "quill-technique", "mentions", where(21, "ferrule/q3"))
    add_evidence_edge(G, "ferrule", "quill-technique", "discusses", where(21, "ferrule/q3"))
    return G


def test_a_catalog_definition_comes_first(G):
    G.nodes["ink-flow"]["definition"] = "Gradients pass through identity paths."
    G.nodes["ink-flow"]["definition_source"] = {"file": "c.yaml", "line": 3}
    answer = concept_definition(G, "ink-flow")
    assert (answer["definition"], answer["definition_from"]) == ("Gradients pass through identity paths.", "catalog")


def test_the_notes_answer_to_what_is_x_comes_next_when_it_says_something(G):
    G.nodes["quill/q1"]["answers"] = ["a path that skips the layer"]
    answer = concept_definition(G, "ink-flow")
    assert answer["definition_from"] == "notes" and answer["definition_source"]["note"] == "quill/q1"


def test_an_answer_that_says_nothing_is_no_definition_the_introducing_papers_summary_is(G):
    answer = concept_definition(G, "ink-flow")  # quill/q1 answers "No one"
    assert answer["definition"] == "Ink flow layers let deep nets train."
    assert answer["definition_from"] == "paper summary" and answer["definition_paper"]["id"] == "quill"
    assert [n["id"] for n in answer["notes"]][:1] == ["ferrule/q2"]  # a note that says something ranks first


def test_a_note_that_only_names_the_concept_is_discussion_not_a_definition(G):
    G.nodes["quill"]["summary"] = ""
    answer = concept_definition(G, "ink-flow")
    assert answer["definition"] == "" and answer["definition_from"] is None
    assert {n["id"] for n in answer["notes"]} == {"quill/q1", "ferrule/q2"}


def test_a_paper_and_the_idea_it_shares_its_name_with_are_namesakes(G):
    assert namesakes(G, "quill") == ["quill-technique"] and namesakes(G, "quill-technique") == ["quill"]
    assert namesakes(G, "ink-flow") == []


def test_users_of_a_paper_count_the_notes_that_discuss_its_namesake_idea(G):
    answer = users_of(G, "quill")
    assert [(p["id"], p["via"]) for p in answer["papers"]] == [("ferrule", "notes")]
    assert answer["papers"][0]["evidence"][0]["note"] == "ferrule/q3"
    assert [n["id"] for n in answer["namesakes"]] == ["quill-technique"]


def test_users_of_list_uses_edges_first_and_never_the_introducing_paper(G):
    G.add_node("nib", type="paper", name="Nib", year=2020, aliases=[])
    add_evidence_edge(G, "nib", "ink-flow", "uses",
                      {"source": "notes", "file": "n.md", "line": 30, "text": "uses ink flow"})
    answer = users_of(G, "ink-flow")
    assert [(p["id"], p["via"]) for p in answer["papers"]] == [("nib", "uses"), ("ferrule", "notes")]
    assert answer["relation"] == "uses"


def test_users_of_a_concept_count_the_notes_that_write_it_in_another_form(G):
    """Groups write "tessellation layers" and "ink flows" for tessellation layer and ink flow: a note the build
    linked to nothing still counts, listed after the linked ones (``via: written``); not another word that starts
    the same ("inking", "tessellated"), nor a part of a hyphened word ("cross-tessellation layer"), nor a clipped
    word ("tessel layers": clipped words stand for too many others, "mini" for minimax)."""
    G.add_node("tessellation-layer", type="concept", origin="notes", name="tessellation layer", aliases=[])
    for note, paper, text, line in (("nib/q1", "nib", "three stacked tessellation layers", 30),
                                    ("nib/q2", "nib", "the ink flows keep depth cheap", 31),
                                    ("awl/q1", "awl", "a tessellated floor, no layer at all", 40),
                                    ("awl/q2", "awl", "inking by hand, a cross-tessellation layer", 41),
                                    ("owl/q1", "owl", "two tessel layers", 50)):
        if paper not in G:
            G.add_node(paper, type="paper", name=paper.title(), year=2020, aliases=[])
        G.add_node(note, type="note", paper_id=paper, question=text, answers=[], source={"file": "n.md", "line": line})
        add_evidence_edge(G, note, paper, "part_of", where(line))
    assert [(p["id"], p["via"]) for p in users_of(G, "tessellation-layer")["papers"]] == [("nib", "written")]
    found = [(p["id"], p["via"]) for p in users_of(G, "ink-flow")["papers"]]
    assert found == [("ferrule", "notes"), ("nib", "written")]
    assert users_of(G, "ink-flow")["papers"][1]["evidence"][0] == {"note": "nib/q2", "file": "n.md", "line": 31,
                                                                    "text": "the ink flows keep depth cheap"}


def test_a_term_with_no_node_is_found_as_written_and_in_its_other_forms():
    G = nx.MultiDiGraph()
    G.add_node("ferrule", type="paper", name="Ferrule", year=2018, aliases=[])
    for i, text in enumerate(["negatives sampled by tide", "GPT-3.5 as the judge, A/B test, max_len 512",
                              "ReLU's slope is 0", "SGD with mini-batch of 32"], start=1):
        G.add_node(f"ferrule/q{i}", type="note", paper_id="ferrule", question="Setup", answers=[text],
                   source={"file": "n.md", "line": i})
        add_evidence_edge(G, f"ferrule/q{i}", "ferrule", "part_of", where(i))

    def notes(phrase):
        return [m["note"]["id"] for m in papers_mentioning(G, phrase)]

    assert notes("negative sampling") == ["ferrule/q1"]
    assert notes("GPT-3.5") == notes("A/B test") == notes("max_len") == ["ferrule/q2"]  # as written, punctuation too
    assert notes("relu") == ["ferrule/q3"] and notes("minimax") == [] and notes("negative samplers") == []


@pytest.mark.parametrize("written, known", [
    ("quill layer", ["quill-technique"]),              # the concept's own name: the concept
    ("Quill: Ink Flow", ["quill"]),                     # the paper's title: the paper
    ("quill", ["quill", "quill-technique"]),            # both equally: both
    ("inkflow", ["ink-flow"]),
])
def test_known_takes_the_concept_a_reader_names_and_both_where_ambiguous(G, written, known):
    assert [m.node for m in known_nodes(G, written)] == known


def test_a_term_with_no_node_is_quoted_from_the_note_headed_by_it():
    G = nx.MultiDiGraph()
    G.add_node("ferrule", type="paper", name="Ferrule", year=2018, aliases=[])
    for i, (question, answers) in enumerate([("Prep", ["skim the tidal pooling part first"]),
                                             ("tidal pooling", ["pool over wave crests, weighted by height"]),
                                             ("Results", ["tidal pooling helps on long inputs"])], start=1):
        G.add_node(f"ferrule/q{i}", type="note", paper_id="ferrule", question=question, answers=answers,
                   source={"file": "n.md", "line": i})
        add_evidence_edge(G, f"ferrule/q{i}", "ferrule", "part_of", where(i))
    [found] = papers_mentioning(G, "tidal pooling")
    assert found["note"]["id"] == "ferrule/q2"  # not the first note that writes it
    assert [f["note"]["id"] for f in papers_mentioning(G, "wave crests")] == ["ferrule/q2"]
