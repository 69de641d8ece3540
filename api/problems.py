"""The one place where exceptions become RFC 9457 ``application/problem+json`` responses."""

from __future__ import annotations

import json
import logging

from flask import Response, request
from werkzeug.exceptions import HTTPException

from api.errors import Overloaded, problem_for, problem_headers

__all__ = ["problem_response", "handle_exception", "PROBLEM_TYPE"]

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("papergraph")


def problem_response(status: int, title: str, detail: str, **extra) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": request.path, **extra}
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_TYPE)


def handle_exception(error: Exception) -> Response:
    """Map any exception to a problem response; unknown ones are logged and answered 500."""
    if isinstance(error, HTTPException):
        response = problem_response(error.code or 500, error.name, error.description or error.name)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
    problem = problem_for(error)  # status and title come from the error's class
    if problem is not None:
        status, title, detail = problem.pop("status"), problem.pop("title"), problem.pop("detail")
        if status >= 500 and not isinstance(error, Overloaded):  # refusals are counted in /readyz, not logged each
            log.warning("%s on %s: %s", title, request.path, detail)
        response = problem_response(status, title, detail, **problem)
        response.headers.update(problem_headers(error))
        return response
    log.exception("unhandled error on %s", request.path)
    return problem_response(500, "Internal Server Error", "the server failed to answer; the error was logged")
