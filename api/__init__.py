"""The HTTP API (Flask app factory, blueprints), the `kg` command line and the web viewer."""

from api.app import create_app

__all__ = ["create_app"]
