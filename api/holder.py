"""Holds the Service being served and swaps it whole when a new snapshot is published (hot reload)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from embeddings.encoder import INT8_SUFFIX, Encoder
from ingest.errors import SnapshotError
from ingest.snapshot import current_snapshot_id, load_snapshot, read_manifest

from api.service import Service

__all__ = ["ServiceHolder", "serving_encoder"]

log = logging.getLogger("papergraph")


def serving_encoder(settings: dict) -> Encoder:
    """The query encoder for the knowledge base ``settings["KB"]``, as configured; with backend
    ``auto``, the int8 one when the current snapshot was built with int8 weights (so a knowledge
    base built with ``--backend onnx-int8`` is served without repeating the flag)."""
    from embeddings.encoder import configure_threads, create_encoder

    backend, kb = settings["BACKEND"], Path(settings["KB"])
    if backend == "auto":
        try:
            built_with = read_manifest(kb).get("model", {}).get("name", "")
        except SnapshotError:
            built_with = ""  # no knowledge base yet: loading it says so
        backend = "onnx-int8" if built_with.endswith(INT8_SUFFIX) else backend
    configure_threads(int(settings["THREADS"]))
    encoder = create_encoder(settings["MODEL"], settings["DEVICE"], backend, kb / "cache", int(settings["THREADS"]))
    if int(settings["QUERY_BATCH"]) > 0:  # concurrent requests share model runs (embeddings/batcher.py)
        from embeddings.batcher import QueryBatcher

        encoder = QueryBatcher(encoder, int(settings["QUERY_BATCH"]), float(settings["QUERY_BATCH_WAIT_MS"]))
    return encoder


class ServiceHolder:
    """``holder.current`` is the Service of the snapshot being served.

    A request reads ``current`` once and keeps that object, so requests in flight finish on the
    snapshot they started with while :meth:`reload` publishes the next one (one reference swap).
    """

    def __init__(self, kb, encoder: Encoder | None, search_mode: str = "hybrid"):
        self.kb = kb
        self.encoder = encoder
        self.search_mode = search_mode
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.current = self._load(None)

    def _load(self, snapshot_id):
        snapshot = load_snapshot(self.kb, snapshot_id, with_search=self.encoder is not None)
        return Service(snapshot, self.encoder, self.search_mode)

    def reload(self) -> bool:
        """Load the snapshot ``CURRENT`` names if it is not the one served; True when swapped."""
        with self._lock:
            try:
                latest = current_snapshot_id(self.kb)
                if latest == self.current.snapshot.id:
                    return False
                service = self._load(latest)
            except SnapshotError as error:
                log.warning("keeping snapshot %s: %s", self.current.snapshot.id, error)
                return False
            self.current = service
            log.warning("now serving snapshot %s", latest)
            return True

    def watch(self, interval: float) -> threading.Thread | None:
        """Poll the snapshot pointer every ``interval`` seconds in a daemon thread."""
        if not interval or interval <= 0:
            return None

        def loop():
            while not self._stop.wait(interval):
                self.reload()

        thread = threading.Thread(target=loop, name="snapshot-watcher", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
