"""Issue 25, items 3 and 4 on the bundled snapshot: answers built from what the graph holds, checked on their
text (a sentence a reader gets), and the questions people ask: lists, several papers, families, people."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_kg


def ask(client, question: str) -> dict:
    response = client.get("/api/v1/ask", query_string={"q": question})
    assert response.status_code == 200, (question, response.get_json())
    return response.get_json()


def well_formed(text: str) -> bool:
    """One or more whole sentences: no doubled stops or spaces, no None, no dangling "this lists"."""
    return (text.endswith((".", ")", "?")) and ".." not in text.replace("...", "") and "  " not in text
            and "None" not in text and " ." not in text and "this lists" not in text)


# --- item 3: definitions from the catalog, the notes' answers or the introducing paper's summary ---------------
def test_a_concept_without_a_definition_is_answered_from_the_summary_of_the_paper_that_introduced_it(client):
    body = ask(client, "what is RoIAlign?")
    assert body["answer"]["definition_from"] == "paper summary"
    assert body["answer"]["definition_paper"]["id"] == "mask-r-cnn"
    text = body["text"]
    assert text.startswith("RoIAlign, in the summary of Mask R-CNN (2017), the paper that introduced it")
    assert "give no definition" not in text and "mask-r-cnn/q6" in text and well_formed(text)


def test_a_note_whose_answer_says_nothing_is_not_the_definition(client):
    body = ask(client, "what is a residual connection")
    assert not body["text"].startswith("residual connection: No one")
    assert body["answer"]["definition_from"] == "paper summary" and "ResNet (2015)" in body["text"]


def test_show_gives_the_definition_with_its_source_not_a_note_fragment(kb):
    result = run_kg("show", "batch norm", "--kb", kb)
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if l.strip().startswith("definition"))
    assert "go before the non-linearity" not in line
    assert line.strip().startswith("definition (summary of Batch Normalization (2015), which introduced it): ")


def test_which_papers_use_batch_normalization_names_the_papers_whose_notes_discuss_it(client):
    body = ask(client, "which papers use batch normalization?")
    assert body["intent"] == "uses"
    assert {"densenet", "vit"} <= {p["id"] for p in body["answer"]["papers"]}
    text = body["text"]
    assert text.startswith("Papers whose notes discuss Batch Normalization") and well_formed(text)
    assert "DenseNet (2017) (densenet/q7: " in text


def test_no_definition_or_uses_answer_says_the_notes_are_silent_when_a_note_discusses_it(client, graph):
    failures = []
    for node, data in graph.nodes(data=True):
        if data["type"] != "concept":
            continue
        discussed = any(k in ("mentions", "discusses") for _, _, k in graph.in_edges(node, keys=True))
        for question in (f"what is {data['name']}?", f"which papers use {data['name']}?"):
            body = ask(client, question)
            if body["answered_as"] == "search":
                continue
            text = body["text"]
            silent = "no definition and do not discuss" in text or "No notes discuss it" in text
            if not well_formed(text) or (discussed and silent):
                failures.append((question, text))
    assert not failures, failures[:5]


# --- item 4: did you mean, above one floor ------------------------------------------------------------------
def test_an_unrelated_name_gets_no_suggestions_and_the_text_says_so_plainly(client):
    body = ask(client, "what is EfficientNet?")
    assert body["answered_as"] == "search" and body["suggestions"] == []
    assert body["text"].startswith("The graph has no paper or concept named 'EfficientNet', nor one with a close name. ")
    assert "did you mean" not in body["text"]


def test_a_near_name_gets_suggestions_above_the_floor(client):
    from kg.names import name_rules

    body = ask(client, "what led to DCGAN?")
    assert {"cgan", "gan"} <= {s["id"] for s in body["suggestions"]}
    assert all(s["score"] >= name_rules().suggestion_min_score for s in body["suggestions"])


# --- item 4: --known takes concepts as well as papers ---------------------------------------------------------
def test_known_takes_the_concept_a_reader_names_and_both_where_a_paper_shares_the_name(client):
    body = client.get("/api/v1/prerequisites/ddqn", query_string={"known": "q-learning,experience replay"}).get_json()
    assert {"q-learning", "q-learning-algorithm", "experience-replay"} <= set(body["known"])
    assert not {"q-learning-algorithm", "experience-replay"} & {i["id"] for i in body["plan"]}
    both, concept = body["known_as"]
    assert [n["id"] for n in both["nodes"]] == ["q-learning", "q-learning-algorithm"]
    assert [n["id"] for n in concept["nodes"]] == ["experience-replay"]


def test_kg_plan_says_what_known_was_taken_as(kb):
    result = run_kg("plan", "ddqn", "--known", "q-learning", "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert ("Known: 'q-learning' = Q-learning (Watkins) (1992) [paper] and Q-learning (algorithm) [concept] "
            "(the name is both's: both are left out)") in result.stdout
