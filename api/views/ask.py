"""GET /api/v1/ask?q=: a natural question routed to lineage, prerequisites, path, definition or search."""

from flask import Blueprint, request

from api.views.common import current_service, json_response

ask_blueprint = Blueprint("ask", __name__)


@ask_blueprint.get("/api/v1/ask")
def ask():
    return json_response(current_service().ask(request.args.get("q")))
