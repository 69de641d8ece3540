"""GET /livez and /readyz: the process answers; the snapshot it serves."""

from flask import Blueprint

from api.views.common import current_service, json_response

health_blueprint = Blueprint("health", __name__)


@health_blueprint.get("/livez")
def livez():
    return json_response({"status": "ok"})


@health_blueprint.get("/readyz")
def readyz():
    service = current_service()
    manifest = service.snapshot.manifest
    return json_response({"status": "ready", "snapshot": service.snapshot.id, "model": manifest.get("model"),
                          "counts": manifest.get("counts"), "search": service.engine is not None})
