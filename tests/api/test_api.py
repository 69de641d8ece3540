"""Every endpoint and error through the Flask test client, on the real snapshot and model."""

from __future__ import annotations

import pytest


def test_search_endpoint(client):
    response = client.get("/api/v1/search", query_string={"q": "what does the critic estimate in WGAN", "k": 3})
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["query"] == "what does the critic estimate in WGAN" and len(body["results"]) == 3
    assert body["results"][0]["paper_id"] == "wgan"


def test_lineage_by_alias_oldest_first_with_evidence(client):
    body = client.get("/api/v1/lineage/Swin").get_json()
    assert body["node"]["id"] == "swin-transformer"
    ids = [a["id"] for a in body["ancestors"]]
    assert {"vit", "transformer"} <= set(ids) and "gan" not in ids
    years = [a["year"] for a in body["ancestors"]]
    assert years == sorted(years)
    assert all(a["evidence"] for a in body["ancestors"]) and body["edges"]
    down = client.get("/api/v1/lineage/dqn?direction=descendants").get_json()
    assert [d["id"] for d in down["descendants"]][:2] == ["drqn", "ddqn"]


def test_lineage_leads_with_the_papers_line_and_groups_what_comes_through_another(cross_line_kb, encoder):
    # Wren's notes say it builds on AlexNet (a catalog paper of the CNN line): LeNet comes only through it
    from api.app import create_app

    client = create_app({"KB": str(cross_line_kb), "ENCODER": encoder, "TESTING": True}).test_client()
    body = client.get("/api/v1/lineage/wren").get_json()
    ids = [a["id"] for a in body["ancestors"]]
    assert "alexnet" in ids and "lenet" not in ids
    group = body["outside_line"]
    assert group["label"] == "earlier, outside this line" and "alexnet" in group["through"]
    assert "lenet" in [p["id"] for p in group["papers"]] and group["count"] == len(group["papers"])
    every = client.get("/api/v1/lineage/wren?all=1").get_json()
    marked = {a["id"]: a.get("outside_line", False) for a in every["ancestors"]}
    assert marked["lenet"] is True and marked["alexnet"] is False and every["all"] is True
    assert problem(client.get("/api/v1/lineage/wren?all=maybe"), 400)


def test_prerequisites_with_known(client):
    full = client.get("/api/v1/prerequisites/yolact?all=1").get_json()
    assert full["target"]["id"] == "yolact" and full["plan"] and full["ready_next"]
    known = client.get("/api/v1/prerequisites/yolact?all=1&known=mask-r-cnn,resnet").get_json()
    ids = {i["id"] for i in known["plan"]}
    assert "mask-r-cnn" not in ids and "resnet" not in ids and len(ids) < len(full["plan"])
    assert known["known"] == ["mask-r-cnn", "resnet"]


def test_path_with_names(client):
    body = client.get("/api/v1/path", query_string={"from": "AlexNet", "to": "swin"}).get_json()
    assert body["mode"] == "lineage"
    assert body["nodes"][0]["id"] == "alexnet" and body["nodes"][-1]["id"] == "swin-transformer"
    assert all(e["evidence"] for e in body["edges"])


@pytest.mark.parametrize("question, intent, entities", [
    ("what led to Swin?", "lineage", ["swin-transformer"]),
    ("What came before DDQN", "lineage", ["ddqn"]),
    ("which papers built on ResNet?", "descendants", ["resnet"]),
    ("what did DQN lead to?", "descendants", ["dqn"]),
    ("what do I need to know before YOLACT?", "prerequisites", ["yolact"]),
    ("prerequisites for Mask RCNN", "prerequisites", ["mask-r-cnn"]),
    ("how is AlexNet related to Swin Transformer?", "path", ["alexnet", "swin-transformer"]),
    ("path from GAN to WGAN", "path", ["gan", "wgan"]),
    ("what is experience replay?", "definition", ["experience-replay"]),
    ("explain the receptive field", "definition", ["receptive-field"]),
    ("which paper fixed overestimated Q-values?", "search", ["overestimation-bias"]),
])
def test_ask_routes_questions(client, question, intent, entities):
    body = client.get("/api/v1/ask", query_string={"q": question}).get_json()
    assert body["intent"] == intent
    assert [e["id"] for e in body["entities"]] == entities
    assert body["answer"] and body["text"]


def test_ask_lineage_text_reads_oldest_link_last(client):
    text = client.get("/api/v1/ask?q=what led to Swin?").get_json()["text"]
    assert text.startswith("What led to Swin Transformer (2021): ") and "→ ViT (2020) → Swin Transformer (2021) (also: " in text


def test_nodes_one_and_a_page(client):
    node = client.get("/api/v1/nodes/Double DQN").get_json()
    assert node["node"]["id"] == "ddqn" and node["notes"][0]["source"]["line"] > 600
    assert "led_to" in node["incoming"]
    note = client.get("/api/v1/nodes/ddqn/q1").get_json()
    assert note["node"]["type"] == "note" and note["outgoing"]["part_of"][0]["id"] == "ddqn"
    page = client.get("/api/v1/nodes?type=paper&limit=5&offset=0").get_json()
    assert page["total"] >= 24 and len(page["nodes"]) == 5 and page["nodes"][0]["type"] == "paper"


@pytest.mark.parametrize("fmt, mimetype", [("node-link", "application/json"), ("cytoscape", "application/json"),
                                           ("graphml", "application/graphml+xml"), ("gexf", "application/gexf+xml"),
                                           ("dot", "text/vnd.graphviz"), ("mermaid", "text/vnd.mermaid")])
def test_graph_export_formats(client, fmt, mimetype):
    response = client.get("/api/v1/graph", query_string={"format": fmt, "root": "swin", "depth": 1,
                                                         "relation": "led_to", "download": "1"})
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "attachment" in response.headers["Content-Disposition"]
    assert "swin-transformer" in response.headers["Content-Disposition"]


def test_a_mermaid_export_over_mermaids_default_limits_says_so_in_a_header(client):
    whole = client.get("/api/v1/graph", query_string={"format": "mermaid"})
    assert whole.status_code == 200 and whole.get_data(as_text=True).startswith("flowchart LR")
    warning = whole.headers["Papergraph-Warning"]
    assert "maxEdges is 500" in warning and "root=" in warning and "relation=" in warning
    part = client.get("/api/v1/graph", query_string={"format": "mermaid", "root": "swin", "depth": 1})
    assert part.status_code == 200 and "Papergraph-Warning" not in part.headers
    assert "Papergraph-Warning" not in client.get("/api/v1/graph", query_string={"format": "dot"}).headers
    documented = client.get("/openapi.json").get_json()["paths"]["/api/v1/graph"]["get"]["responses"]["200"]
    assert "Papergraph-Warning" in documented["headers"]


def test_health(client, snapshot):
    assert client.get("/livez").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["snapshot"] == snapshot.id and ready["search"] is True


def test_openapi_document_and_offline_docs(client):
    document = client.get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.") and "/api/v1/search" in document["paths"]
    assert "SearchResponse" in document["components"]["schemas"]
    page = client.get("/docs")
    assert page.status_code == 200 and b"/docs/assets/swagger-ui-bundle.js" in page.data
    assert b"http" not in page.data.split(b"<body>")[1]
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_unknown_node_is_404_with_suggestions(client):
    body = problem(client.get("/api/v1/lineage/resnnet-ish thing"), 404)
    assert body["suggestions"] and "resnet" in [s["id"] for s in body["suggestions"]]


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/search", "q"),
    ("/api/v1/search?q=x&k=0", "k"),
    ("/api/v1/search?q=x&k=1000", "k"),
    ("/api/v1/search?q=x&k=ten", "k"),
    ("/api/v1/search?q=x&type=person", "type"),
    ("/api/v1/search?q=" + "x" * 501, "q"),
    ("/api/v1/lineage/resnet?direction=sideways", "direction"),
    ("/api/v1/path?from=alexnet", "to"),
    ("/api/v1/nodes?limit=100000", "limit"),
    ("/api/v1/graph?format=png", "format"),
    ("/api/v1/graph?root=resnet&depth=99", "depth"),
    ("/api/v1/ask", "q"),
])
def test_invalid_parameters_are_400_problems(client, url, parameter):
    assert problem(client.get(url), 400)["parameter"] == parameter


def test_no_path_is_404(tmp_path, encoder):
    from api.app import create_app
    from ingest.pipeline import run_ingest

    notes = tmp_path / "islands.md"
    notes.write_text("## Alpha Widget\n1. Zorp?\n- blip\n## Beta Gadget\n1. Quux?\n- blop\n", encoding="utf-8")
    run_ingest([notes], tmp_path / "kb", encoder=encoder)
    client = create_app({"KB": str(tmp_path / "kb"), "ENCODER": encoder}).test_client()
    body = problem(client.get("/api/v1/path?from=alpha widget&to=beta-gadget"), 404)
    assert body["from"] == "alpha-widget" and body["to"] == "beta-gadget"


def test_unknown_route_405_and_413(client):
    problem(client.get("/api/v1/nothing-here"), 404)
    response = client.post("/api/v1/search?q=x")
    assert problem(response, 405) and "GET" in response.headers["Allow"]
    problem(client.get("/api/v1/search?q=x", data=b"x" * 20_000), 413)


def test_security_headers_and_cors_closed_by_default(client):
    page = client.get("/")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    api = client.get("/livez", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in api.headers
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_a_server_error_is_a_500_problem_without_a_traceback(app, monkeypatch):
    holder = app.extensions["papergraph"]

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(holder.current, "search", broken)
    body = problem(app.test_client().get("/api/v1/search?q=x"), 500)
    assert "secret internals" not in body["detail"] and "Traceback" not in body["detail"]
