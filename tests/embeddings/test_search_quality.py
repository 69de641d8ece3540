"""The labelled evaluation set is valid, and hybrid search earns its place as the default."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from bench.search_quality import QUERY_SETS, load_queries

from embeddings.evaluation import evaluate


@pytest.fixture(scope="module")
def queries():
    return load_queries()


@pytest.mark.parametrize("name", QUERY_SETS)
def test_each_set_has_40_queries_whose_notes_exist(name, graph):
    queries = load_queries(QUERY_SETS[name])
    assert len(queries) >= 40
    for query in queries:
        assert query.notes, query.text
        for note in query.notes:
            assert note in graph and graph.nodes[note]["type"] == "note", note


def test_the_held_out_set_shares_no_question_with_the_tuning_set():
    tuning = {q.text.lower() for q in load_queries(QUERY_SETS["tuning"])}
    assert not tuning & {q.text.lower() for q in load_queries(QUERY_SETS["held-out"])}


@pytest.mark.parametrize("name", QUERY_SETS)
def test_queries_are_not_copied_from_the_notes(name, graph):
    queries = load_queries(QUERY_SETS[name])
    written = [" ".join([d["question"], *d["answers"]]).lower() for _, d in graph.nodes(data=True) if d["type"] == "note"]
    for query in queries:
        text = query.text.lower()
        assert not any(text in note for note in written), query.text
        assert max(fuzz.ratio(text, note) for note in written) < 80, query.text


def test_hybrid_is_the_default_because_it_wins(service, queries):
    rows = {mode: evaluate(service.search, queries, mode) for mode in ("dense", "lexical", "hybrid")}
    hybrid = rows["hybrid"]
    for other in ("dense", "lexical"):
        assert hybrid["note_hit@5"] >= rows[other]["note_hit@5"]
        assert hybrid["paper_mrr@10"] > rows[other]["paper_mrr@10"]
    assert hybrid["paper_mrr@10"] >= 0.90 and hybrid["note_hit@5"] >= 0.90
    assert service.engine.mode == "hybrid"
