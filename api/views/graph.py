"""GET /api/v1/graph: the graph or a subgraph in node-link, cytoscape, graphml, gexf, dot or mermaid."""

from flask import Blueprint, Response, request

from api.openapi import WARNING_HEADER
from api.service import check_flag
from api.views.common import current_service
from kg.export import mermaid_limits_warning

graph_blueprint = Blueprint("graph", __name__)


@graph_blueprint.get("/api/v1/graph")
def graph():
    args = request.args
    body, content_type, filename, over = current_service().graph_export(
        args.get("format"), args.get("root"), args.get("depth"), args.get("relation"))
    response = Response(body, mimetype=content_type)
    if over:
        response.headers[WARNING_HEADER] = mermaid_limits_warning(over, "root=ID&depth=N, or relation=led_to")
    if check_flag("download", args.get("download")):
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
