"""Errors carry their meaning: every exception class of ours declares ``status`` and ``title``, the
one API handler renders problem+json from them, and the command line's exit status reads the same."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from api.errors import ERROR_BASES, EXIT_BAD_INPUT, EXIT_INTERNAL, SearchUnavailable, exit_status, problem_for
from embeddings.errors import IndexMismatch
from ingest.errors import IngestError, SnapshotError
from kg.errors import KGError, NodeNotFound, NoPath

PACKAGES = ("kg", "embeddings", "ingest", "api")


def our_exception_classes() -> list[type]:
    found = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names = [package] + [f"{package}.{m.name}" for m in pkgutil.walk_packages(module.__path__)]
        for name in names:
            for _, value in inspect.getmembers(importlib.import_module(name), inspect.isclass):
                if issubclass(value, BaseException) and value.__module__ == name:
                    found.append(value)
    return found


def test_every_exception_class_of_ours_declares_its_status_and_title():
    classes = our_exception_classes()
    assert {KGError, NodeNotFound, IndexMismatch, IngestError, SnapshotError, SearchUnavailable} <= set(classes)
    for cls in classes:
        assert issubclass(cls, ERROR_BASES), f"{cls.__module__}.{cls.__name__} is outside the mapped trees"
        assert isinstance(cls.status, int) and 400 <= cls.status <= 599, cls
        assert isinstance(cls.title, str) and cls.title, cls


@pytest.mark.parametrize("error, status, exit_code", [
    (NodeNotFound("resnext", [{"id": "resnet"}]), 404, EXIT_BAD_INPUT),
    (NoPath("a", "b"), 404, EXIT_BAD_INPUT),
    (IngestError("no paper heading found", "notes.md", 3), 400, EXIT_BAD_INPUT),
    (SnapshotError("kb: no knowledge base here"), 503, EXIT_BAD_INPUT),
    (IndexMismatch("built with another model"), 503, EXIT_BAD_INPUT),
    (SearchUnavailable("loaded without its index"), 503, EXIT_BAD_INPUT),
    (RuntimeError("a bug"), None, EXIT_INTERNAL),
    (ValueError("not ours"), None, EXIT_INTERNAL),
])
def test_problem_and_exit_status_come_from_the_class(error, status, exit_code):
    problem = problem_for(error)
    assert (problem and problem["status"]) == status
    assert exit_status(error) == exit_code
    if problem:
        assert problem["title"] == type(error).title and problem["detail"] == str(error)


def test_a_new_error_class_is_mapped_by_its_attributes_alone(kb, encoder):
    from api.app import create_app
    from api.holder import ServiceHolder

    class Teapot(KGError):
        status = 418
        title = "I'm a teapot"

    app = create_app({"KB": str(kb), "HOLDER": ServiceHolder(kb, None)})

    @app.get("/teapot")
    def teapot():
        raise Teapot("short and stout")

    client = app.test_client()
    response = client.get("/teapot")
    assert response.status_code == 418 and response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "I'm a teapot" and response.get_json()["detail"] == "short and stout"
    # a snapshot loaded without its index: search is a state of the server (503), not a bad `q`
    unavailable = client.get("/api/v1/search?q=resnet")
    body = unavailable.get_json()
    assert unavailable.status_code == 503 and body["title"] == "Search unavailable" and "parameter" not in body
    assert client.get("/readyz").get_json()["encoder"] == {"model": None, "backend": None, "device": None}
