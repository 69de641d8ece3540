"""GET /api/v1/nodes and /api/v1/nodes/<id>: a page of nodes, or one node with its neighbours."""

from flask import Blueprint, request

from api.views.common import current_service, json_response

nodes_blueprint = Blueprint("nodes", __name__)


@nodes_blueprint.get("/api/v1/nodes")
def nodes():
    args = request.args
    return json_response(current_service().nodes(args.get("type"), args.get("limit"), args.get("offset")))


@nodes_blueprint.get("/api/v1/nodes/<path:node>")
def node(node):
    return json_response(current_service().node(node))
