"""Holds the Service being served and swaps it whole when a new snapshot is published (hot reload).

A reload never takes the server down: whatever goes wrong loading the next snapshot (a checksum,
a missing file, a model or backend it cannot be served with, an unexpected exception) is logged
once with the snapshot's id, the old snapshot keeps serving, the watcher keeps watching, and
:meth:`ServiceHolder.readiness` reports both the snapshot served and the one refused, with why.
"""

from __future__ import annotations

import datetime as _dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from embeddings.errors import first_line
from embeddings.encoder import INT8_SUFFIX, Encoder
from ingest.errors import SnapshotError
from ingest.snapshot import current_snapshot_id, load_snapshot, read_manifest

from api.admission import AdmissionQueue
from api.errors import problem_for
from api.service import Service

__all__ = ["ServiceHolder", "Refusal", "serving_encoder", "encoder_for_snapshots", "encoder_description"]

log = logging.getLogger("papergraph")


def _backend_for(settings: dict, built_with: str) -> str:
    """The backend that serves vectors of model id ``built_with``: with ``auto``, int8 for an int8 build."""
    backend = settings["BACKEND"]
    if backend == "auto" and built_with.endswith(INT8_SUFFIX):
        return "onnx-int8"
    return backend


def serving_encoder(settings: dict, built_with: str | None = None) -> Encoder:
    """The query encoder for vectors of model id ``built_with`` (default: the current snapshot's in
    ``settings["KB"]``), as configured; with backend ``auto``, the int8 one for a snapshot built with
    int8 weights (so a knowledge base built with ``--backend onnx-int8`` is served without the flag)."""
    from embeddings.encoder import configure_threads, create_encoder

    kb = Path(settings["KB"])
    if built_with is None:
        try:
            built_with = read_manifest(kb).get("model", {}).get("name", "")
        except SnapshotError:
            built_with = ""  # no knowledge base yet: loading it says so
    threads = int(settings["THREADS"])
    configure_threads(threads, index_threads=1)  # one query vector per search: no OpenMP team to spin
    encoder = create_encoder(settings["MODEL"], settings["DEVICE"], _backend_for(settings, built_with), kb / "cache",
                             threads, spinning=False)
    if int(settings["QUERY_BATCH"]) > 0:  # concurrent requests share model runs (embeddings/batcher.py)
        from embeddings.batcher import QueryBatcher

        encoder = QueryBatcher(encoder, int(settings["QUERY_BATCH"]), float(settings["QUERY_BATCH_WAIT_MS"]))
    return encoder


def encoder_for_snapshots(settings: dict) -> Callable[[str], Encoder | None]:
    """For a snapshot whose vectors come from model id ``built_with``: the encoder these settings
    serve it with (backend ``auto`` follows an int8 build), or None when they cannot (another model,
    or a backend the settings pin): the snapshot is then refused with the reason."""
    from embeddings.encoder import encoder_model_id

    def encoder_for(built_with: str) -> Encoder | None:
        if encoder_model_id(settings["MODEL"], _backend_for(settings, built_with)) != built_with:
            return None
        return serving_encoder(settings, built_with)

    return encoder_for


def encoder_description(encoder: Encoder | None) -> dict:
    """What /readyz says about the encoder serving queries (``model``, ``backend``, ``device``)."""
    if encoder is None:
        return {"model": None, "backend": None, "device": None}
    return {"model": encoder.model_id, "backend": getattr(encoder, "backend", type(encoder).__name__),
            "device": encoder.device}


@dataclass(frozen=True)
class Refusal:
    """A snapshot that was not served, and why."""

    snapshot: str
    reason: str
    at: str

    def as_dict(self) -> dict:
        return {"snapshot": self.snapshot, "reason": self.reason, "at": self.at}


class ServiceHolder:
    """``holder.current`` is the Service of the snapshot being served.

    A request reads ``current`` once and keeps that object, so requests in flight finish on the
    snapshot they started with while :meth:`reload` publishes the next one (one reference swap).

    ``encoder_for(model_id)`` makes the encoder for a snapshot whose vectors come from another model
    id than the one loaded (the ``#int8`` build of the same model), or None; without one such a
    snapshot is refused. Encoders are kept by model id, so switching back costs nothing.

    ``admission``, the queue that admits searches (api/admission.py), is handed to every Service the
    holder loads: its slots and counts outlive reloads.
    """

    def __init__(self, kb, encoder: Encoder | None, search_mode: str = "hybrid",
                 encoder_for: Callable[[str], Encoder] | None = None, admission: AdmissionQueue | None = None):
        self.kb = Path(kb)
        self.search_mode = search_mode
        self.admission = admission
        self._encoder_for = encoder_for
        self._encoders: dict[str, Encoder] = {encoder.model_id: encoder} if encoder is not None else {}
        self.with_search = encoder is not None
        self.refused: Refusal | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._forced = False
        self.current = self._load(None)

    def _encoder(self, built_with: str) -> Encoder | None:
        if not self.with_search:
            return None
        if built_with not in self._encoders and self._encoder_for is not None and built_with:
            made = self._encoder_for(built_with)
            if made is not None:
                self._encoders[built_with] = made
        # a model id with no encoder of its own: the Service refuses it with IndexMismatch
        return self._encoders.get(built_with) or next(iter(self._encoders.values()))

    def _load(self, snapshot_id: str | None) -> Service:
        snapshot = load_snapshot(self.kb, snapshot_id, with_search=self.with_search)
        built_with = snapshot.manifest.get("model", {}).get("name") or ""
        return Service(snapshot, self._encoder(built_with), self.search_mode, self.admission)

    def reload(self, force: bool = False) -> bool:
        """Serve the snapshot ``CURRENT`` names if it is not the one served; True when swapped.

        Never raises: a snapshot that cannot be served is logged once and kept in :attr:`refused`,
        and is not tried again (snapshots are immutable) unless ``force`` (SIGHUP) asks.
        """
        with self._lock:
            latest = None
            try:
                latest = current_snapshot_id(self.kb)
                if latest == self.current.snapshot.id:
                    self.refused = None  # CURRENT went back to the served one (a rollback)
                    return False
                if not force and self.refused is not None and self.refused.snapshot == latest:
                    return False
                service = self._load(latest)
            except Exception as error:  # noqa: BLE001 - any failure keeps the old snapshot serving
                self._refuse(latest, error, force)
                return False
            self.current = service
            self.refused = None
            log.warning("now serving snapshot %s", latest)
            return True

    def _refuse(self, snapshot_id: str | None, error: Exception, force: bool = False) -> None:
        reason = first_line(error)
        expected = problem_for(error) is not None  # one of our errors: its message says it all
        if not expected:
            reason = f"{type(error).__name__}: {reason}"
        last = self.refused
        if not force and last is not None and (last.snapshot, last.reason) == (snapshot_id or "", reason):
            return  # the same refusal as at the last check (a pointer that cannot be read): said once already
        log.log(logging.WARNING if expected else logging.ERROR, "keeping snapshot %s; refused snapshot %s: %s",
                self.current.snapshot.id, snapshot_id or "(unreadable pointer)", reason,
                exc_info=None if expected else error)
        self.refused = Refusal(snapshot_id or "", reason,
                               _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    def readiness(self) -> dict:
        """The snapshot served and its encoder, the last snapshot refused with its reason (or None), and the
        admission queue's state (or None when it is off)."""
        service = self.current
        manifest = service.snapshot.manifest
        refused = self.refused
        return {"status": "stale" if refused else "ready", "snapshot": service.snapshot.id,
                "refused": refused.as_dict() if refused else None, "model": manifest.get("model"),
                "encoder": encoder_description(service.engine.encoder if service.engine else None),
                "counts": manifest.get("counts"), "search": service.engine is not None,
                "admission": self.admission.state() if self.admission is not None else None}

    def request_reload(self) -> None:
        """Ask the watcher to reload now, retrying a refused snapshot (safe in a signal handler)."""
        self._forced = True
        self._wake.set()

    def watch(self, interval: float | None) -> threading.Thread:
        """Check the snapshot pointer every ``interval`` seconds (never, when 0 or None) and whenever
        :meth:`request_reload` asks, in a daemon thread that outlives any failed reload."""
        wait = interval if interval and interval > 0 else None

        def loop():
            while not self._stop.is_set():
                self._wake.wait(wait)
                self._wake.clear()
                if self._stop.is_set():
                    return
                force, self._forced = self._forced, False
                try:
                    self.reload(force=force)
                except Exception:  # noqa: BLE001 - reload never raises; if it ever did, keep watching
                    log.exception("snapshot watcher: reload failed; still watching")

        thread = threading.Thread(target=loop, name="snapshot-watcher", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
