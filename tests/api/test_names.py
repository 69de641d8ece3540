"""Names through the API and the CLI (issue 19, items 1, 4 and 11): no silent substitutes, full titles,
a note's answers, and lineage asked of a concept or a note."""

from __future__ import annotations

import json

import pytest

from conftest import run_kg


def problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


@pytest.mark.parametrize("url", [
    "/api/v1/nodes/ResNeXt", "/api/v1/nodes/DCGAN", "/api/v1/nodes/yolov4/q99", "/api/v1/lineage/ResNeXt",
    "/api/v1/lineage/YOLOv3x", "/api/v1/path?from=DCGAN&to=gan", "/api/v1/prerequisites/yolact?known=ResNeXt",
])
def test_a_name_outside_the_graph_is_a_404_with_suggestions(client, url):
    body = problem(client.get(url), 404)
    assert body["suggestions"], body


def test_ask_about_a_name_outside_the_graph_is_not_answered_as_another(client):
    body = client.get("/api/v1/ask", query_string={"q": "what led to DCGAN?"}).get_json()
    assert body["answered_as"] == "search" and "cgan" not in [e["id"] for e in body["entities"]]
    assert "'DCGAN'" in body["text"] and "cgan" in [s["id"] for s in body["suggestions"]]


def test_a_typo_is_answered_and_the_answer_says_so(client):
    body = client.get("/api/v1/nodes/resnte").get_json()
    assert body["node"]["id"] == "resnet"
    assert body["resolved"] == {"from": "resnte", "to": "resnet", "how": "typo"}
    lineage = client.get("/api/v1/lineage/swim transformer").get_json()
    assert lineage["resolved"] == {"from": "swim transformer", "to": "swin-transformer", "how": "typo"}
    path = client.get("/api/v1/path", query_string={"from": "Alexnte", "to": "swin"}).get_json()
    assert path["resolved"] == [{"from": "Alexnte", "to": "alexnet", "how": "typo"}]
    exact = client.get("/api/v1/nodes/Swin").get_json()
    assert "resolved" not in exact, "an alias is the node's own name: nothing to report"


def test_the_cli_says_when_it_answers_for_a_typo(kb):
    typo = run_kg("show", "resnte", "--kb", kb)
    assert typo.returncode == 0, typo.stderr
    assert "'resnte' taken as resnet (typo)" in typo.stdout.splitlines()[0]
    other = run_kg("show", "ResNeXt", "--kb", kb)
    assert other.returncode == 2 and "no node matches 'ResNeXt'" in other.stderr and "resnet" in other.stderr
    assert other.stdout == ""


def test_full_titles_in_show_and_node_detail(client, kb):
    node = client.get("/api/v1/nodes/resnet").get_json()["node"]
    assert node["full_title"] == "Deep Residual Learning for Image Recognition"
    assert node["title"] == "ResNet (2015)"  # the short title every answer uses
    shown = run_kg("show", "resnet", "--kb", kb)
    assert "full title: Deep Residual Learning for Image Recognition" in shown.stdout


def test_show_a_note_prints_its_answers(client, kb):
    note = client.get("/api/v1/nodes/resnet/q1").get_json()["node"]
    assert note["answers"], "the bundled notes answer resnet/q1"
    shown = run_kg("show", "resnet/q1", "--kb", kb)
    assert shown.returncode == 0, shown.stderr
    for answer in note["answers"]:
        assert answer.splitlines()[0][:60] in shown.stdout


def test_lineage_of_a_concept_says_concepts_have_no_lineage(client, kb):
    body = problem(client.get("/api/v1/lineage/dropout"), 400)
    assert "concept" in body["detail"] and "kg plan" not in body["detail"]
    assert body["suggestions"], "the papers that introduce or discuss it"
    cli = run_kg("lineage", "dropout", "--kb", kb)
    assert cli.returncode == 2 and "dropout is a concept" in cli.stderr and "no node matches" not in cli.stderr


def test_lineage_of_any_note_is_its_papers_lineage_and_says_so(client, graph):
    notes = [n for n, d in graph.nodes(data=True) if d["type"] == "note"]
    for note in notes:
        body = client.get(f"/api/v1/lineage/{note}").get_json()
        paper = graph.nodes[note]["paper_id"]
        assert body["node"]["id"] == paper, note
        assert body["resolved"] == {"from": note, "to": paper, "how": "paper of note"}


def test_json_of_a_typo_equals_the_endpoint(kb, client):
    result = run_kg("lineage", "swim transformer", "--json", "--kb", kb)
    assert json.loads(result.stdout) == client.get("/api/v1/lineage/swim transformer").get_json()
