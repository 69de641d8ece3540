"""GET /api/v1/path?from=&to=: how two papers or concepts are related, evidence per hop."""

from flask import Blueprint, request

from api.views.common import current_service, json_response

path_blueprint = Blueprint("path", __name__)


@path_blueprint.get("/api/v1/path")
def path():
    return json_response(current_service().path(request.args.get("from"), request.args.get("to")))
