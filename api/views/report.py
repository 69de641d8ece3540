"""GET /api/v1/report: the build report of the snapshot being served (what ``kg doctor`` prints)."""

from flask import Blueprint

from api.views.common import current_service, json_response

__all__ = ["report_blueprint"]

report_blueprint = Blueprint("report", __name__)


@report_blueprint.get("/api/v1/report")
def report():
    return json_response(current_service().report())
