"""The Flask app factory: settings in, blueprints registered, the snapshot loaded once and held."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, request

from ingest.snapshot import current_snapshot_id

from api.admission import admission_from_settings
from api.holder import ServiceHolder, encoder_for_snapshots, serving_encoder
from api.problems import handle_exception
from api.settings import MAX_BODY_BYTES, settings_from_env
from api.views import BLUEPRINTS

__all__ = ["create_app", "CONTENT_SECURITY_POLICY"]

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "frame-ancestors 'none'; form-action 'self'")


def _default_vendor_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "node_modules"


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides settings (see :mod:`api.settings`); tests pass their own.

    Extra keys: ``ENCODER`` (a loaded encoder to share), ``HOLDER`` (a ready ServiceHolder),
    ``WATCH`` (start the snapshot watcher thread; default False, ``kg serve`` turns it on).
    """
    config = dict(config or {})
    settings = settings_from_env(config)
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.config["VENDOR_DIR"] = str(config.get("VENDOR_DIR") or _default_vendor_dir())
    app.json.sort_keys = False

    holder = config.get("HOLDER")
    if holder is None:
        encoder = config.get("ENCODER")
        if encoder is None:
            current_snapshot_id(Path(settings["KB"]))  # no knowledge base: say so before a model cache is made
            encoder = serving_encoder(settings)
        holder = ServiceHolder(Path(settings["KB"]), encoder, settings["SEARCH_MODE"], encoder_for_snapshots(settings),
                               admission_from_settings(settings))
    app.extensions["papergraph"] = holder
    if config.get("WATCH"):
        holder.watch(float(settings["RELOAD_INTERVAL"]))

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(Exception, handle_exception)

    @app.before_request
    def refuse_large_bodies():
        if (request.content_length or 0) > app.config["MAX_CONTENT_LENGTH"]:
            abort(413)

    origins = {o.strip() for o in str(settings["CORS_ORIGINS"]).split(",") if o.strip()}

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
            response.headers["X-Frame-Options"] = "DENY"
        origin = request.headers.get("Origin")
        if origins and origin and (origin in origins or "*" in origins) and request.path.startswith("/api/"):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response

    return app
