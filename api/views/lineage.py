"""GET /api/v1/lineage/<id>: what led to a paper, or what it led to."""

from flask import Blueprint, request

from api.views.common import current_service, json_response

lineage_blueprint = Blueprint("lineage", __name__)


@lineage_blueprint.get("/api/v1/lineage/<path:node>")
def lineage(node):
    return json_response(current_service().lineage(node, request.args.get("direction"), request.args.get("depth"),
                                                   request.args.get("all")))
