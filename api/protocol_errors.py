"""waitress answering its own protocol errors (a body over the limit, a malformed request) as RFC 9457
problem+json, like every error of the app, instead of its built-in text/plain page."""

from __future__ import annotations

import json

from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from api.settings import MAX_BODY_BYTES

__all__ = ["create_wsgi_server", "ProblemErrorTask"]

_DETAILS = {413: f"the request body is over the limit of {MAX_BODY_BYTES} bytes"}


class ProblemErrorTask(ErrorTask):
    """waitress's error response (status and connection handling kept), with a problem+json body."""

    def execute(self):
        error = self.request.error
        problem = {"type": "about:blank", "title": error.reason, "status": error.code,
                   "detail": _DETAILS.get(error.code, str(error.body) or error.reason)}
        body = json.dumps(problem).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/problem+json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _ProblemChannel(HTTPChannel):
    error_task_class = ProblemErrorTask


def create_wsgi_server(app, host: str = "127.0.0.1", port: int = 5000, threads: int = 8, **options):
    """A waitress server for ``app`` with the API's body limit and problem+json protocol errors."""
    from waitress import create_server
    from waitress.server import MultiSocketServer

    server = create_server(app, host=host, port=port, threads=threads, ident="papergraph",
                           max_request_body_size=MAX_BODY_BYTES, **{"channel_timeout": 30, **options})
    listeners = list(server.map.values()) if isinstance(server, MultiSocketServer) else [server]
    for listener in listeners:  # each listening socket makes the channels of the connections it accepts
        if hasattr(listener, "channel_class"):
            listener.channel_class = _ProblemChannel
    return server
