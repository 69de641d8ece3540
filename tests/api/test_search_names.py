"""Searching a paper's own name finds the paper (issue 19, item 2): over every paper of the bundled
notes and of another group's notes (tests/data/other-group), by name and by each alias."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.resolve import match_name

OTHER = Path(__file__).resolve().parents[1] / "data" / "other-group"


def _names_of_papers(G):
    """(query, paper id) for each paper's name and alias that means that paper (and nothing else first)."""
    pairs = []
    for node, data in G.nodes(data=True):
        if data["type"] != "paper":
            continue
        for name in [data["name"], *data.get("aliases", ())]:
            if match_name(G, name).node == node:  # an alias another node owns is that node's name
                pairs.append((name, node))
    return pairs


def _assert_each_name_finds_its_paper(service):
    pairs = _names_of_papers(service.graph)
    assert len(pairs) >= len([n for n, d in service.graph.nodes(data=True) if d["type"] == "paper"])
    misses = []
    for name, paper in pairs:
        results = service.search(name, 5)["results"]
        if results[0]["id"] != paper:
            misses.append((name, paper, results[0]["id"]))
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True), name
    assert not misses, misses


def test_a_papers_name_finds_the_paper_first_in_the_bundled_notes(service):
    _assert_each_name_finds_its_paper(service)


@pytest.fixture(scope="module")
def other_service(tmp_path_factory, encoder):
    from api.service import Service
    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    kb = tmp_path_factory.mktemp("other-kb")
    run_ingest([OTHER], kb, encoder=encoder)
    return Service(load_snapshot(kb), encoder)


def test_a_papers_name_finds_the_paper_first_in_another_groups_notes(other_service):
    _assert_each_name_finds_its_paper(other_service)


def test_a_name_query_still_respects_the_type_filter(service):
    results = service.search("ResNet", 3, type="note")["results"]
    assert results and all(r["type"] == "note" for r in results)


def test_a_question_that_merely_contains_a_name_is_ranked_by_meaning(service):
    results = service.search("which paper fixed overestimated Q-values?", 3, type="note")["results"]
    assert results[0]["id"] == "ddqn/q1"
