"""Parameter forms and protocol errors (issue 19, item 12): download flags as the OpenAPI document
says, a 413 from the real server as problem+json, a blank query as a 400 like an empty one."""

from __future__ import annotations

import http.client
import json
import threading

import pytest

from conftest import free_port, wait_for


@pytest.mark.parametrize("value, attachment", [("1", True), ("true", True), ("True", True), ("0", False),
                                               ("false", False), ("", False)])
def test_download_flag_values(client, value, attachment):
    response = client.get("/api/v1/graph", query_string={"format": "mermaid", "root": "swin", "depth": 1,
                                                         "download": value})
    assert response.status_code == 200
    assert ("Content-Disposition" in response.headers) is attachment
    if attachment:
        assert response.headers["Content-Disposition"].startswith("attachment;")


def test_a_download_value_that_is_no_flag_is_a_400(client):
    response = client.get("/api/v1/graph?download=maybe")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["parameter"] == "download"


def test_openapi_declares_every_download_value_the_server_takes(client):
    parameters = client.get("/openapi.json").get_json()["paths"]["/api/v1/graph"]["get"]["parameters"]
    download = next(p for p in parameters if p["name"] == "download")
    assert set(download["schema"]["enum"]) == {"0", "1", "false", "true"}


@pytest.mark.parametrize("url", ["/api/v1/search?q=%20%20", "/api/v1/search?q=%09%0A", "/api/v1/ask?q=%20",
                                 "/api/v1/search?q="])
def test_a_blank_query_is_a_400_like_an_empty_one(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["parameter"] == "q"


@pytest.fixture(scope="module")
def served(app):
    """The app on the server `kg serve` runs (waitress with the problem+json protocol errors)."""
    from api.server import create_wsgi_server

    server = create_wsgi_server(app, host="127.0.0.1", port=free_port(), threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(f"http://127.0.0.1:{server.effective_port}/livez")
    yield server.effective_port
    server.close()


@pytest.mark.parametrize("size", [20_000, 5_000_000])
def test_a_body_over_the_limit_is_a_problem_from_the_real_server(served, size):
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=30)
    connection.putrequest("POST", "/api/v1/search?q=x")
    connection.putheader("Content-Length", str(size))
    connection.putheader("Content-Type", "application/octet-stream")
    connection.endheaders()
    try:
        connection.send(b"x" * min(size, 20_000))
    except OSError:
        pass  # the server may answer and close before reading the whole body
    response = connection.getresponse()
    body = response.read()
    assert response.status == 413
    assert response.getheader("Content-Type").startswith("application/problem+json")
    problem = json.loads(body)
    assert problem["status"] == 413 and problem["title"] and "16384" in problem["detail"]
