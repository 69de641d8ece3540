"""Many people at once over real HTTP: concurrent searches share model runs and each gets its own answer."""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request

import pytest

from embeddings.batcher import QueryBatcher

from bench.served import serving_app

QUERIES = [
    "which paper fixed overestimated Q-values?", "why do residual connections help", "anchor boxes in YOLO",
    "what is experience replay", "attention between image patches", "Wasserstein distance critic",
    "dense connectivity between layers", "prototype masks for instance segmentation",
]


@pytest.fixture(scope="module")
def batched_server(kb, encoder):
    """The app on waitress with 16 threads and the query batcher over the real encoder, eight searches
    admitted at once (the two slots of a 2-core machine would let at most two queries meet in a batch)."""
    from api.app import create_app

    batcher = QueryBatcher(encoder, max_batch=32)
    app = create_app({"KB": str(kb), "ENCODER": batcher, "TESTING": True, "SEARCH_SLOTS": 8})
    with serving_app(app, threads=16) as base:
        yield base, batcher
    batcher.close()


def _search(base: str, query: str) -> list[str]:
    url = f"{base}/api/v1/search?{urllib.parse.urlencode({'q': query, 'k': 5})}"
    with urllib.request.urlopen(url, timeout=120) as response:
        return [result["id"] for result in json.load(response)["results"]]


def test_64_concurrent_requests_each_get_their_own_results(batched_server, service):
    base, batcher = batched_server
    # distinct texts, so the query cache cannot answer and every request goes through the batcher
    queries = [f"{QUERIES[i % len(QUERIES)]} #{i}" for i in range(64)]
    expected = {q: [r["id"] for r in service.search(q, k=5)["results"]] for q in queries}
    answers: dict[str, list[str]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(64)
    runs_before = batcher.batches

    def call(query: str) -> None:
        start.wait()
        try:
            answers[query] = _search(base, query)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=call, args=(q,)) for q in queries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors
    assert answers == expected
    assert batcher.batches - runs_before < 64  # requests shared model runs


def test_the_served_encoder_batches_by_default_and_can_be_switched_off(kb):
    from api.holder import serving_encoder
    from api.settings import settings_from_env

    batched = serving_encoder(settings_from_env({"KB": str(kb)}))
    try:
        assert isinstance(batched, QueryBatcher)
    finally:
        batched.close()
    plain = serving_encoder(settings_from_env({"KB": str(kb), "QUERY_BATCH": 0}))
    assert not isinstance(plain, QueryBatcher)
