"""GET /openapi.json and /docs: the OpenAPI document and Swagger UI served from local files."""

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

from api.openapi import openapi_document
from api.views.common import json_response

docs_blueprint = Blueprint("docs", __name__)

_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Papergraph API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script></body></html>
"""


@lru_cache(maxsize=1)
def _document() -> dict:
    return openapi_document()


def _swagger_assets() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(swagger_ui_path)


@docs_blueprint.get("/openapi.json")
def openapi_json():
    return json_response(_document())


@docs_blueprint.get("/docs")
def docs():
    if _swagger_assets() is None:
        abort(404, "Swagger UI assets are not installed (pip install swagger-ui-bundle)")
    return Response(_DOCS_PAGE, mimetype="text/html")


@docs_blueprint.get("/docs/assets/<path:name>")
def docs_assets(name):
    folder = _swagger_assets()
    if folder is None:
        abort(404)
    return send_from_directory(folder, name)
