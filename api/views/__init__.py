"""HTTP views: one blueprint per resource; each view parses, calls one Service method, serializes."""

from api.views.ask import ask_blueprint
from api.views.docs import docs_blueprint
from api.views.graph import graph_blueprint
from api.views.health import health_blueprint
from api.views.lineage import lineage_blueprint
from api.views.nodes import nodes_blueprint
from api.views.path import path_blueprint
from api.views.prerequisites import prerequisites_blueprint
from api.views.report import report_blueprint
from api.views.search import search_blueprint
from api.views.viewer import viewer_blueprint

__all__ = ["BLUEPRINTS"]

BLUEPRINTS = (search_blueprint, lineage_blueprint, prerequisites_blueprint, path_blueprint, ask_blueprint,
              nodes_blueprint, graph_blueprint, health_blueprint, docs_blueprint, viewer_blueprint, report_blueprint)
