"""What every view shares: the Service being served and the JSON response."""

from __future__ import annotations

import json

from flask import Response, current_app

from api.service import Service

__all__ = ["current_service", "json_response"]


def current_service() -> Service:
    """The Service of the snapshot being served, read once per request."""
    return current_app.extensions["papergraph"].current


def json_response(payload, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json")
