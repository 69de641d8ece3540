"""main_line in the lineage and path answers, the short plan and all=1, through the API and the `kg` command."""

from __future__ import annotations

import json

import pytest

from conftest import run_kg
from kg.queries import main_line, reading_plan


def _real_chain(graph, line):
    return all(graph.has_edge(u, v, key="led_to") for u, v in zip(line, line[1:]))


def test_lineage_and_path_payloads_carry_the_main_line(client, graph):
    body = client.get("/api/v1/lineage/DenseNet").get_json()
    assert body["main_line"] == main_line(graph, "densenet") and body["main_line"][-1] == "densenet"
    assert _real_chain(graph, body["main_line"])
    down = client.get("/api/v1/lineage/dqn?direction=descendants").get_json()
    assert down["main_line"][0] == "dqn" and _real_chain(graph, down["main_line"])
    path = client.get("/api/v1/path", query_string={"from": "alexnet", "to": "densenet"}).get_json()
    assert path["main_line"] == ["alexnet", "googlenet", "resnet", "densenet"]
    shortest = client.get("/api/v1/path", query_string={"from": "dropout", "to": "gan"}).get_json()
    assert shortest["mode"] == "shortest" and shortest["main_line"] == []


def test_default_plan_is_short_and_all_is_the_full_plan_unchanged(client, graph):
    short = client.get("/api/v1/prerequisites/yolact").get_json()
    assert short["all"] is False and 0 < len(short["plan"]) <= 12 < short["total"]
    assert main_line(graph, "yolact")[-2] in {i["id"] for i in short["plan"]}
    for query in ("all=1", "all=true", "all=1&known=resnet,alexnet"):
        full = client.get(f"/api/v1/prerequisites/yolact?{query}").get_json()
        known = ["resnet", "alexnet"] if "known" in query else []
        assert full == {**reading_plan(graph, "yolact", known), "all": True}
    assert client.get("/api/v1/prerequisites/yolact?all=0").get_json() == short
    bad = client.get("/api/v1/prerequisites/yolact?all=maybe")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json" and "all" in bad.get_json()["detail"]


def test_ask_answers_with_the_main_line_and_the_short_plan(client):
    lineage = client.get("/api/v1/ask?q=what led to DenseNet?").get_json()
    assert lineage["text"].startswith(
        "What led to DenseNet (2017): AlexNet (2012) → GoogLeNet (2014) → ResNet (2015) → DenseNet (2017) (also: ")
    plan = client.get("/api/v1/ask", query_string={"q": "what do I need to know before YOLACT?"}).get_json()
    assert plan["answer"]["all"] is False and len(plan["answer"]["plan"]) <= 12
    assert plan["text"].startswith("Read ") and ", then YOLACT (2019)" in plan["text"]


@pytest.mark.parametrize("args, url", [
    (["plan", "yolact", "--known", "resnet,alexnet"], "/api/v1/prerequisites/yolact?known=resnet,alexnet"),
    (["plan", "--known", "resnet", "--known", "alexnet", "yolact"], "/api/v1/prerequisites/yolact?known=resnet,alexnet"),
    (["plan", "--known", "resnet", "yolact"], "/api/v1/prerequisites/yolact?known=resnet"),
    (["plan", "yolact", "--all"], "/api/v1/prerequisites/yolact?all=1"),
    (["path", "dqn", "ddqn"], "/api/v1/path?from=dqn&to=ddqn"),
])
def test_cli_plan_and_path_json_equal_the_endpoint(kb, client, args, url):
    result = run_kg(*args, "--json", "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == client.get(url).get_json()


def test_cli_text_draws_the_main_line_and_reads_as_advice(kb):
    path = run_kg("path", "alexnet", "densenet", "--kb", kb)
    assert path.returncode == 0, path.stderr
    assert ("AlexNet (2012) → GoogLeNet (2014) → ResNet (2015) → DenseNet (2017) (also: Network in Network (2013), "
            "VGG (2014), Batch Normalization (2015))") in path.stdout
    plan = run_kg("plan", "yolact", "--kb", kb)
    lines = plan.stdout.splitlines()
    assert plan.returncode == 0 and len(lines) <= 24
    assert lines[1].startswith("Read ") and "then YOLACT (2019)" in lines[1] and lines[-1].startswith("Start with: ")
    full = run_kg("plan", "yolact", "--all", "--kb", kb)
    assert f"({len(reading_plan_ids(kb))} steps, in order)" in full.stdout.splitlines()[0]
    lineage = run_kg("lineage", "ddqn", "--kb", kb)
    assert "main line: " in lineage.stdout and "→ DDQN (2015)" in lineage.stdout


def reading_plan_ids(kb):
    from ingest.snapshot import load_snapshot

    return [i["id"] for i in reading_plan(load_snapshot(kb, with_search=False).graph, "yolact")["plan"]]
