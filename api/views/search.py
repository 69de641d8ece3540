"""GET /api/v1/search: semantic (hybrid) search over notes, papers and concepts."""

from flask import Blueprint, request

from api.views.common import current_service, json_response

search_blueprint = Blueprint("search", __name__)


@search_blueprint.get("/api/v1/search")
def search():
    args = request.args
    return json_response(current_service().search(args.get("q"), args.get("k"), args.get("type"), args.get("mode")))
