"""Serve the app on waitress (a production WSGI server), with hot reload on SIGHUP or a new snapshot."""

from __future__ import annotations

import logging
import signal
import sys

from api.admission import AdmissionQueue
from api.app import create_app
from api.errors import AddressUnavailable
from api.holder import encoder_description
from api.protocol_errors import create_wsgi_server

__all__ = ["serve", "create_wsgi_server", "serving_threads"]


def serving_threads(threads: int, admission: AdmissionQueue | None) -> int:
    """waitress threads for ``threads`` answering requests: plus one per place in the admission queue, since
    a search waiting its turn holds its thread. With the queue full, ``threads`` are still there for the
    running searches, the other endpoints, /readyz and the 503s that refuse the next searches."""
    return threads + (admission.queue_limit if admission is not None else 0)


def serve(config: dict, host: str = "127.0.0.1", port: int = 5000, threads: int = 8) -> None:
    """Run until interrupted. ``kg ingest`` publishing a snapshot is picked up without a restart."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" on every burst
    app = create_app({**config, "WATCH": True})
    holder = app.extensions["papergraph"]
    if hasattr(signal, "SIGHUP"):
        # the watcher thread reloads: a slow load never blocks the thread that accepts connections
        signal.signal(signal.SIGHUP, lambda *_: holder.request_reload())
    admission = holder.admission
    try:
        server = create_wsgi_server(app, host=host, port=port, threads=serving_threads(threads, admission))
    except OSError as error:  # a port in use or privileged, a host not of this machine: the user's to fix
        holder.stop()
        raise AddressUnavailable(host, port, error) from None
    service = holder.current
    encoder = encoder_description(service.engine.encoder if service.engine else None)
    queue = (f"{admission.slots} searches at once, {admission.queue_limit} waiting" if admission is not None
             else "no search queue")
    print(f"serving snapshot {service.snapshot.id} on http://{server.effective_host}:{server.effective_port}/ "
          f"(encoder {encoder['backend'] or 'none'} on {encoder['device'] or 'no device'}; {queue})",
          file=sys.stderr, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        holder.stop()
        server.close()
