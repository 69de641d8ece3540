"""Admission of searches: at most ``slots`` encode and search at once; the rest wait first come, first served.

On a small machine every search that runs at once time-slices the same cores with ONNX Runtime's and
FAISS's thread pools (and the GIL), so how long one search takes depends on how many others the
scheduler lets run beside it: throughput stays, the tail grows (issue 27, docs/benchmarks.md).
:class:`AdmissionQueue` lets ``slots`` searches run and parks the next ones in arrival order; a
finishing search hands its slot to the oldest waiting one (no overtaking). Past ``queue_limit``
waiting, a search is refused at once with :class:`~api.errors.Overloaded` (503 with Retry-After),
rather than waiting without bound behind a queue that only grows.

The number of slots comes from the machine (:func:`machine_slots`: usable cores divided by the
threads one encode uses); the settings ``SEARCH_SLOTS`` and ``SEARCH_QUEUE`` (api/settings.py)
override it or turn the queue off.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from contextlib import contextmanager

from api.errors import Overloaded

__all__ = ["AdmissionQueue", "admission_from_settings", "machine_slots", "usable_cores"]

#: weight of the newest search in the running mean of the time a search holds its slot
_SMOOTHING = 0.1


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it, else all)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def machine_slots(threads: int, cores: int | None = None) -> int:
    """Searches the machine runs at once without time-slicing: one per ``threads`` cores (the encoder's
    pool for one model run), plus one.

    The one more is for the interpreter: a search alternates between Python that holds the GIL (BM25,
    fusion, JSON; one at a time in the whole process, whatever the cores) and native code that releases
    it (ONNX Runtime on ``threads`` cores, FAISS). With one search per encoder pool only, the cores wait
    while it is in Python, and concurrent queries never meet in the query batcher; one more keeps the
    GIL and the cores busy at once. On 2 cores with 2 threads: 2 (measured against 1 and against no
    queue in docs/benchmarks.md, issue 27).

    >>> machine_slots(2, cores=2), machine_slots(2, cores=16), machine_slots(4, cores=2)
    (2, 9, 2)
    """
    cores = usable_cores() if cores is None else cores
    return max(1, cores // max(1, int(threads))) + 1


class AdmissionQueue:
    """A FIFO admission queue: ``with queue.admit(): ...`` runs the block once one of ``slots`` is free.

    A block entered while the same thread already holds a slot (``ask`` calling ``search``) runs at
    once: it is part of the search that was admitted.

    >>> queue = AdmissionQueue(slots=1, queue_limit=0)
    >>> with queue.admit():
    ...     queue.state()["in_flight"]
    1
    >>> queue.state()["admitted"], queue.state()["in_flight"]
    (1, 0)
    """

    def __init__(self, slots: int, queue_limit: int):
        if slots < 1:
            raise ValueError("slots must be at least 1")
        if queue_limit < 0:
            raise ValueError("queue_limit must not be negative")
        self.slots = int(slots)
        self.queue_limit = int(queue_limit)
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._in_flight = 0
        self._admitted = 0
        self._refused = 0
        self._mean_hold = 0.0  # seconds a search holds its slot, a running mean (for Retry-After)
        self._held = threading.local()

    @contextmanager
    def admit(self):
        """Hold a slot for the block: at once when one is free and nobody waits, else after the searches
        that came first; :class:`~api.errors.Overloaded` when ``queue_limit`` searches already wait."""
        if getattr(self._held, "slot", False):
            yield
            return
        self._enter()
        self._held.slot = True
        started = time.perf_counter()
        try:
            yield
        finally:
            self._held.slot = False
            self._leave(time.perf_counter() - started)

    def _enter(self) -> None:
        with self._lock:
            if self._in_flight < self.slots and not self._waiting:
                self._in_flight += 1
                self._admitted += 1
                return
            if len(self._waiting) >= self.queue_limit:
                self._refused += 1
                raise Overloaded(self.queue_limit, self._retry_after())
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # _leave hands over its slot: in_flight already counts this search

    def _leave(self, held: float) -> None:
        with self._lock:
            self._mean_hold = held if not self._mean_hold else (1 - _SMOOTHING) * self._mean_hold + _SMOOTHING * held
            if self._waiting:
                self._admitted += 1
                self._waiting.popleft().set()
            else:
                self._in_flight -= 1

    def _retry_after(self) -> int:
        """Whole seconds until the searches now waiting have run (at least 1, as Retry-After counts)."""
        backlog = (len(self._waiting) + self._in_flight) * self._mean_hold / self.slots
        return max(1, math.ceil(backlog))

    def state(self) -> dict:
        """What /readyz reports: the limits, searches running and waiting now, admitted and refused so far."""
        with self._lock:
            return {"slots": self.slots, "queue_limit": self.queue_limit, "in_flight": self._in_flight,
                    "queued": len(self._waiting), "admitted": self._admitted, "refused": self._refused}


def admission_from_settings(settings: dict) -> AdmissionQueue | None:
    """The admission queue that ``SEARCH_SLOTS`` and ``SEARCH_QUEUE`` ask for; None when the slots are off."""
    slots = settings["SEARCH_SLOTS"]
    if slots == "off":
        return None
    if slots == "auto":
        slots = machine_slots(int(settings["THREADS"]))
    return AdmissionQueue(int(slots), int(settings["SEARCH_QUEUE"]))
