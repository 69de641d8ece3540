"""The admission queue over real HTTP: at most N searches at once, first come first served, a full queue
answers 503 with Retry-After (problem+json), /readyz shows it, and SEARCH_SLOTS=off turns it off.

The server is the real one (waitress with the API's protocol errors, threads as `kg serve` counts them)
on a loopback port, over the real snapshot and the real model; the encoder is wrapped in a gate that
holds each query encode until the test opens it, so who is inside, who waits and who is refused can
be seen without timing anything.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import numpy as np
import pytest

from api.admission import AdmissionQueue, admission_from_settings, machine_slots, usable_cores
from api.app import create_app
from api.protocol_errors import create_wsgi_server
from api.server import serving_threads
from api.settings import settings_from_env
from bench.served import free_port, wait_for
from embeddings.encoder import Encoder

SERVER_THREADS = 4


class GatedEncoder(Encoder):
    """The real encoder behind a gate: ``encode_query`` waits until ``gate`` is set, and the wrapper
    counts the callers inside (now and at most) and the order in which they came in."""

    def __init__(self, encoder: Encoder):
        self.encoder = encoder
        self.model_id, self.dimension, self.device = encoder.model_id, encoder.dimension, encoder.device
        self.backend = encoder.backend
        self.gate = threading.Event()
        self.gate.set()
        self.inside = 0
        self.most_inside = 0
        self.order: list[str] = []
        self._lock = threading.Lock()

    def encode(self, texts, *, progress=False) -> np.ndarray:
        return self.encoder.encode(texts, progress=progress)

    def encode_query(self, text: str) -> np.ndarray:
        with self._lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            self.order.append(text)
        try:
            self.gate.wait(timeout=120)
            return self.encoder.encode_query(text)
        finally:
            with self._lock:
                self.inside -= 1


@pytest.fixture()
def gated(encoder):
    gated = GatedEncoder(encoder)
    yield gated
    gated.gate.set()  # never leave a server thread waiting


@contextmanager
def served(kb, encoder, **settings):
    """The app with these settings on waitress (threads as `kg serve` counts them) on a free loopback port."""
    app = create_app({"KB": str(kb), "ENCODER": encoder, "TESTING": True, **settings})
    admission = app.extensions["papergraph"].admission
    server = create_wsgi_server(app, port=free_port(), threads=serving_threads(SERVER_THREADS, admission))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        wait_for(base + "/livez")
        yield base
    finally:
        # closed from its own loop (the listener, the trigger, any open connection): the loop ends with its
        # map empty, rather than selecting on sockets closed under it
        server.trigger.pull_trigger(lambda: [c.close() for c in list(server._map.values())])
        thread.join(timeout=10)
        assert not thread.is_alive()


def get(url, timeout=60):
    """(status, headers, JSON body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def search_url(base, query, endpoint="search"):
    return f"{base}/api/v1/{endpoint}?{urllib.parse.urlencode({'q': query})}"


def in_background(urls, answers: dict | None = None) -> tuple[list[threading.Thread], dict]:
    """Start a GET of each URL in its own thread; the answers land in ``answers`` (a new dict) by URL."""
    answers = {} if answers is None else answers

    def call(url):
        try:
            answers[url] = get(url, timeout=120)
        except Exception as error:  # noqa: BLE001 - a timeout or reset is an answer the test checks
            answers[url] = error

    threads = [threading.Thread(target=call, args=(url,), daemon=True) for url in urls]
    for thread in threads:
        thread.start()
    return threads, answers


def wait_until(base, **expected) -> dict:
    """/readyz's admission state once it has the expected values (within 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        state = get(base + "/readyz", timeout=5)[2]["admission"]
        if all(state[k] == v for k, v in expected.items()) or time.monotonic() > deadline:
            assert {k: state[k] for k in expected} == expected
            return state
        time.sleep(0.05)


def join(threads):
    for thread in threads:
        thread.join(timeout=120)


def eventually(condition, seconds=30.0) -> bool:
    """Whether ``condition()`` holds within ``seconds`` (a thread just admitted still has to reach the model)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def fill(base, gated, slots: int, waiting: int) -> tuple[list[threading.Thread], dict]:
    """With the gate closed: ``slots`` searches admitted and held at the model, then ``waiting`` more sent
    one at a time (each queued before the next is sent, so their order of arrival is known)."""
    gated.gate.clear()
    threads, answers = in_background([search_url(base, f"residual connections, first {i}") for i in range(slots)])
    wait_until(base, in_flight=slots, queued=0)
    for i in range(waiting):
        threads += in_background([search_url(base, f"experience replay, waiting {i}")], answers)[0]
        wait_until(base, in_flight=slots, queued=i + 1)
    return threads, answers


def test_the_queue_admits_at_most_its_slots_at_once(kb, gated):
    with served(kb, gated, SEARCH_SLOTS=2, SEARCH_QUEUE=16) as base:
        threads, answers = fill(base, gated, slots=2, waiting=5)
        assert eventually(lambda: gated.inside == 2)
        time.sleep(0.2)
        assert gated.inside == 2  # the other five wait before encoding, not inside the model
        gated.gate.set()
        join(threads)
        wait_until(base, in_flight=0, queued=0, admitted=7, refused=0)
    assert [a[0] for a in answers.values()] == [200] * 7
    assert gated.most_inside == 2


def test_waiting_searches_are_admitted_in_arrival_order(kb, gated):
    with served(kb, gated, SEARCH_SLOTS=1, SEARCH_QUEUE=16) as base:
        threads, answers = fill(base, gated, slots=1, waiting=5)
        gated.gate.set()
        join(threads)
    assert [a[0] for a in answers.values()] == [200] * 6
    # one slot: each waiting search reaches the model only after the one before it has left
    assert [q for q in gated.order if "waiting" in q] == [f"experience replay, waiting {i}" for i in range(5)]


def test_a_full_queue_answers_503_with_retry_after_and_readyz_counts(kb, gated):
    with served(kb, gated, SEARCH_SLOTS=1, SEARCH_QUEUE=2) as base:
        assert get(base + "/readyz")[2]["admission"] == {"slots": 1, "queue_limit": 2, "in_flight": 0,
                                                         "queued": 0, "admitted": 0, "refused": 0}
        gated.gate.clear()
        held, answers = in_background([search_url(base, f"anchor boxes in YOLO {i}") for i in range(3)])
        wait_until(base, in_flight=1, queued=2)

        status, headers, problem = get(search_url(base, "one more search"), timeout=10)
        assert status == 503 and headers["Content-Type"] == "application/problem+json"
        assert int(headers["Retry-After"]) >= 1
        assert problem["status"] == 503 and problem["title"] == "Server busy" and problem["queue_limit"] == 2
        assert problem["retry_after"] == int(headers["Retry-After"]) and problem["instance"] == "/api/v1/search"
        status, headers, problem = get(search_url(base, "what is experience replay?", "ask"), timeout=10)
        assert status == 503 and int(headers["Retry-After"]) >= 1
        assert get(search_url(base, "   "), timeout=10)[0] == 400  # a bad request is still a 400, not queued
        assert get(base + "/api/v1/lineage/ddqn", timeout=10)[0] == 200  # other endpoints are not queued

        # 64 clients at once at the full queue: each one refused at once with Retry-After, none times out
        burst, refused = in_background([search_url(base, f"burst {i}") for i in range(64)])
        join(burst)
        assert len(refused) == 64 and all(not isinstance(a, Exception) for a in refused.values()), refused
        assert {(a[0], a[1]["Content-Type"]) for a in refused.values()} == {(503, "application/problem+json")}
        assert all(int(a[1]["Retry-After"]) >= 1 for a in refused.values())
        wait_until(base, in_flight=1, queued=2, refused=66)

        gated.gate.set()
        join(held)
        assert [a[0] for a in answers.values()] == [200, 200, 200]
        assert all(a[2]["results"] for a in answers.values())
        wait_until(base, in_flight=0, queued=0, admitted=3, refused=66)


def test_the_setting_turns_the_queue_off(kb, gated):
    with served(kb, gated, SEARCH_SLOTS="off") as base:
        assert get(base + "/readyz")[2]["admission"] is None
        gated.gate.clear()
        threads, answers = in_background([search_url(base, f"Wasserstein critic {i}") for i in range(3)])
        assert eventually(lambda: gated.inside == 3)  # no queue: every server thread encodes at once
        gated.gate.set()
        join(threads)
    assert [a[0] for a in answers.values()] == [200, 200, 200]


def test_slots_come_from_the_cores_and_the_encoder_threads():
    assert machine_slots(2, cores=2) == 2 and machine_slots(1, cores=2) == 3 and machine_slots(3, cores=16) == 6
    assert machine_slots(4, cores=2) == 2  # fewer cores than one encode's threads: still one, plus one
    auto = admission_from_settings(settings_from_env({"THREADS": 1, "SEARCH_SLOTS": "auto", "SEARCH_QUEUE": 5}))
    assert (auto.slots, auto.queue_limit) == (usable_cores() + 1, 5)
    assert admission_from_settings(settings_from_env({"SEARCH_SLOTS": "off"})) is None
    assert serving_threads(8, AdmissionQueue(1, 16)) == 24 and serving_threads(8, None) == 8
