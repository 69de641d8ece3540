"""GET /: the graph viewer page (static HTML and JavaScript, libraries served from local files)."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

viewer_blueprint = Blueprint("viewer", __name__)

_STATIC = Path(__file__).resolve().parent.parent / "static"


@viewer_blueprint.get("/")
def index():
    return send_from_directory(_STATIC, "viewer.html")


@viewer_blueprint.get("/vendor/<path:name>")
def vendor(name):
    """JavaScript libraries installed by the project's setup (npm), never fetched from a CDN."""
    folder = current_app.config.get("VENDOR_DIR")
    if not folder or not Path(folder).is_dir():
        abort(404, "viewer libraries are not installed (run `make setup`)")
    return send_from_directory(folder, name)
