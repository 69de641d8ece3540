"""GET /livez and /readyz: the process answers; the snapshot it serves, its encoder, the last one refused."""

from flask import Blueprint, current_app

from api.views.common import json_response

health_blueprint = Blueprint("health", __name__)


@health_blueprint.get("/livez")
def livez():
    return json_response({"status": "ok"})


@health_blueprint.get("/readyz")
def readyz():
    return json_response(current_app.extensions["papergraph"].readiness())
