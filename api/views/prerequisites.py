"""GET /api/v1/prerequisites/<id>: a reading plan (short by default, every step with all=1), leaving out what is known."""

from flask import Blueprint, request

from api.views.common import current_service, json_response

prerequisites_blueprint = Blueprint("prerequisites", __name__)


@prerequisites_blueprint.get("/api/v1/prerequisites/<path:node>")
def prerequisites(node):
    known = [k for value in request.args.getlist("known") for k in value.split(",")]
    return json_response(current_service().prerequisites(node, known, request.args.get("all")))
