"""GET /: the graph viewer page (static HTML and JavaScript, libraries served from local files)."""

import json
import posixpath
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

__all__ = ["viewer_blueprint"]

viewer_blueprint = Blueprint("viewer", __name__)

_STATIC = Path(__file__).resolve().parent.parent / "static"
_PACKAGE_JSON = Path(__file__).resolve().parents[2] / "package.json"


@lru_cache(maxsize=1)
def served_packages() -> frozenset[str]:
    """The npm packages the page loads: package.json's runtime ``dependencies`` (not the test tools)."""
    try:
        return frozenset(json.loads(_PACKAGE_JSON.read_text(encoding="utf-8")).get("dependencies", {}))
    except (OSError, ValueError):
        return frozenset({"cytoscape", "dagre"})


@viewer_blueprint.get("/")
def index():
    return send_from_directory(_STATIC, "viewer.html")


@viewer_blueprint.get("/vendor/<path:name>")
def vendor(name):
    """The built files (``dist/``) of the viewer's npm packages, never fetched from a CDN."""
    name = posixpath.normpath(name)  # "cytoscape/dist/../../x" is "x": check the path that is served
    package, _, rest = name.partition("/")
    if package not in served_packages() or not rest.startswith("dist/"):
        abort(404)
    folder = current_app.config.get("VENDOR_DIR")
    if not folder or not Path(folder).is_dir():
        abort(404, "viewer libraries are not installed (run `make setup`)")
    return send_from_directory(folder, name)
