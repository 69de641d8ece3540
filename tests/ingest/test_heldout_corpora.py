"""The four notes corpora written by helpers who never read the code (bench/eval/heldout-notes-3 to -6).

Each was scored once unseen before anything was changed after reading it; the first scores are in
docs/own-notes.md#measuring-it. They are tuning material now, and these tests keep what was fixed
on them fixed: every stated ancestor found, no foreign ancestor, and no wrong one except where the
lineage scorer (issue 28) reads a comparison with an earlier paper of the same line as lineage, which
these golds, written under the earlier rule that a comparison is never lineage, call wrong
("unlike SORT there is no Kalman filter" for Tracktor). The fourth corpus keeps
four wrong ancestors that come from the bundled catalog's ``cites`` (Seq2Seq builds on LSTM,
Bahdanau attention on Seq2Seq), where its gold, written from the notes alone, disagrees; that test
asserts they are the only ones and that each is a catalog edge.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from ingest.lineage_evaluation import score_corpus, violations_not_from_comparisons
from ingest.pipeline import build_graph_for

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval"


@pytest.mark.parametrize("name", ["heldout-notes-3", "heldout-notes-5", "heldout-notes-6"])
def test_every_stated_ancestor_and_no_foreign_one_and_wrong_ones_only_from_inferred_comparisons(name):
    scores = score_corpus(EVAL / name)
    assert scores["unresolved_gold_names"] == [] and scores["papers_discussed"] >= 20
    assert scores["misses"] == [] and scores["must_total"] >= 20
    assert scores["foreign"] == 0 and scores["ancestors_returned"] >= 20
    assert scores["concept_precision"] >= 0.9
    G = build_graph_for([EVAL / name], display_root=EVAL / name).graph
    assert violations_not_from_comparisons(G, scores["violations"]) == []  # never a used part or a later paper


def test_the_fourth_corpus_differs_from_its_gold_only_where_the_catalog_cites():
    corpus = EVAL / "heldout-notes-4"
    scores = score_corpus(corpus)
    assert scores["must_found"] >= scores["must_total"] - 1 and scores["foreign_share"] <= 0.05
    G = build_graph_for([corpus], display_root=corpus).graph
    led_to = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "led_to")
    # an edge's first evidence is the reason it was made (the notes' lines that agree come after)
    from_notes = nx.DiGraph((u, v) for u, v, k, d in G.edges(keys=True, data=True)
                            if k == "led_to" and d["evidence"][0].get("kind") != "cites")
    catalogs, scorers = [], []
    for violation in scores["violations"]:
        paper, ancestor = violation.split(" <- ")
        assert nx.has_path(led_to, ancestor, paper), violation
        notes_only = ancestor in from_notes and paper in from_notes and nx.has_path(from_notes, ancestor, paper)
        (scorers if notes_only else catalogs).append(violation)
    # the wrong ancestors are the catalog's (without its cites edges they are no ancestors), and since the
    # 2026-12-06 refit (fourteen corpora) one comparison the scorer reads as lineage (docs/own-notes.md)
    assert 0 < len(catalogs) <= 4 and len(scorers) <= 1, scores["violations"]
    assert violations_not_from_comparisons(G, scorers) == []  # never a used part or a later paper


def test_a_wrong_ancestor_is_the_scorers_only_where_every_way_to_it_is_a_comparison_it_read():
    """violations_not_from_comparisons on a small graph written for this test (invented papers)."""
    G = nx.MultiDiGraph()

    def step(earlier, later, kinds, relations):
        evidence = [{"kind": kinds[0]}, *({"relation_of_mention": r} for r in relations)]
        G.add_edge(earlier, later, key="led_to", kinds=kinds, evidence=evidence)

    step("facenet", "sphereface", ["inferred"], ["compares"])  # the scorer's reading of "compared against FaceNet"
    step("sphereface", "arcface", ["stated"], ["builds_on"])
    step("adam", "wren", ["mentions"], ["uses"])  # a used part
    step("wren", "heron", ["inferred"], ["compares"])
    step("heron", "gull", ["stated"], ["builds_on"])
    step("lark", "gull", ["stated"], ["builds_on"])  # a stated line the gold calls wrong
    assert violations_not_from_comparisons(G, ["arcface <- facenet", "gull <- adam", "gull <- lark"]) == [
        "gull <- adam", "gull <- lark"]
