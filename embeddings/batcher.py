"""Dynamic batching of query encodes: concurrent requests share one model run.

A server thread that needs a query vector hands the text to :class:`QueryBatcher` and waits; one
worker thread takes whatever queries have arrived, encodes them in one call and answers each
caller. While the model runs, new queries queue up and form the next batch, so batches grow with
the load by themselves ("continuous batching"): a lone client is answered as soon as its text is
encoded, eight concurrent clients cost about one model run per round instead of eight.

``max_wait_ms`` optionally holds a first query back for a moment to let others join; ``max_batch``
bounds a batch. Their defaults are measured in ``bench/query_batching.py`` (docs/benchmarks.md).
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from embeddings.encoder import Encoder

__all__ = ["QueryBatcher", "DEFAULT_MAX_BATCH", "DEFAULT_MAX_WAIT_MS"]

#: at most this many queries per model run: a batch of 32 short queries costs a few single runs,
#: and the last caller of a batch never waits behind more than one such run
DEFAULT_MAX_BATCH = 32
#: no deliberate wait: batches form from the queries that arrive while the model is busy, so a
#: single client pays nothing (a wait only helped when the model was idle, i.e. when nobody waits)
DEFAULT_MAX_WAIT_MS = 0.0


@dataclass
class _Request:
    text: str
    done: threading.Event = field(default_factory=threading.Event)
    vector: np.ndarray | None = None
    error: BaseException | None = None


class QueryBatcher(Encoder):
    """An :class:`Encoder` whose ``encode_query`` batches concurrent callers; ``encode`` (bulk
    texts, as ingest uses it) goes straight to the wrapped encoder.

    >>> class Lengths(Encoder):
    ...     model_id, dimension, device, calls = "len", 1, "cpu", []
    ...     def encode(self, texts, *, progress=False):
    ...         self.calls.append(len(texts))
    ...         return np.array([[float(len(t))] for t in texts], dtype=np.float32)
    >>> batcher = QueryBatcher(Lengths())
    >>> float(batcher.encode_query("four")[0])
    4.0
    >>> batcher.close()
    """

    def __init__(self, encoder: Encoder, max_batch: int = DEFAULT_MAX_BATCH, max_wait_ms: float = DEFAULT_MAX_WAIT_MS):
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        if max_wait_ms < 0:
            raise ValueError("max_wait_ms must not be negative")
        self.encoder = encoder
        self.model_id = encoder.model_id
        self.dimension = encoder.dimension
        self.device = encoder.device
        self.backend = getattr(encoder, "backend", type(encoder).__name__)
        self.max_batch = int(max_batch)
        self.max_wait = float(max_wait_ms) / 1000.0
        self.batches = 0  # model runs so far, and the queries they answered (for benchmarks and tests)
        self.queries = 0
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._worker = threading.Thread(target=self._serve, name="query-batcher", daemon=True)
        self._worker.start()

    def __getattr__(self, name):
        # backend details (onnx_path, batch_size, ...) stay readable through the wrapper
        if name == "encoder":
            raise AttributeError(name)
        return getattr(self.encoder, name)

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self.encoder.encode(texts, progress=progress)

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of ``text``, encoded together with the queries of concurrent callers."""
        if not self._worker.is_alive():
            return self.encoder.encode([text])[0]
        request = _Request(text)
        self._queue.put(request)
        request.done.wait()
        if request.error is not None:
            raise request.error
        return request.vector

    def close(self) -> None:
        """Stop the worker once the queries already handed in are answered."""
        if self._worker.is_alive():
            self._queue.put(None)
            self._worker.join(timeout=10)

    def _collect(self, first: _Request) -> tuple[list[_Request], bool]:
        """``first`` and whatever else arrives, up to ``max_batch``; and whether close was asked."""
        batch = [first]
        deadline = time.monotonic() + self.max_wait
        while len(batch) < self.max_batch:
            remaining = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch, closing = self._collect(first)
            self._answer(batch)
            if closing:
                return

    def _answer(self, batch: list[_Request]) -> None:
        texts = list(dict.fromkeys(request.text for request in batch))  # the same text is encoded once
        try:
            vectors = self.encoder.encode(texts)
        except BaseException as error:  # noqa: BLE001 - every caller of this batch gets the error
            for request in batch:
                request.error = error
                request.done.set()
            return
        row = {text: i for i, text in enumerate(texts)}
        self.batches += 1
        self.queries += len(batch)
        for request in batch:
            request.vector = vectors[row[request.text]].copy()
            request.done.set()
