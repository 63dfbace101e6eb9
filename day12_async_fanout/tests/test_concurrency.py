"""Concurrency, shown by timing and by what the upstreams saw: all sources at once, the
same calls one by one in sequential mode, a cap per upstream, one pooled client."""

from __future__ import annotations

import asyncio
import time

import httpx
from fastapi.testclient import TestClient

from day12_async_fanout.tests.conftest import ClientMaker, ServerMaker
from day12_async_fanout.tests.helpers import FakeUpstreams

DELAY = 0.1  # every stand-in answers after 100 ms
# Weather makes two calls in a row (geocoding, then forecast); the other three make one.
ONE_BY_ONE = 5 * DELAY  # 0.30 s: every call after the other
AT_ONCE = 2 * DELAY  # 0.12 s: the longest source


def timed_get(client: TestClient, path: str, **params: str) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = client.get(path, params=params)
    return time.perf_counter() - started, response


def test_sources_are_fetched_concurrently(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    """Four sources of 100-200 ms answer in about 200 ms, not the 500 ms of their sum."""
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, delay=DELAY)
    client = make_client()
    client.get("/overview")  # opens the pooled connections
    took, response = timed_get(client, "/overview")
    assert response.status_code == 200
    assert took < 0.8 * ONE_BY_ONE, (
        f"took {took * 1000:.0f} ms: concurrent calls should take about the longest source "
        f"({AT_ONCE * 1000:.0f} ms), not the sum ({ONE_BY_ONE * 1000:.0f} ms)"
    )
    assert fake.max_in_flight() >= 4, "the four sources' requests were in flight together"


def test_sequential_mode_takes_the_sum_of_the_calls(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, delay=DELAY)
    took, response = timed_get(make_client(), "/overview", mode="sequential")
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "sequential"
    assert took >= ONE_BY_ONE, f"one after another cannot beat the sum: {took * 1000:.0f} ms"
    assert fake.max_in_flight() == 1, "sequential mode makes one request at a time"
    total = sum(source["elapsed_ms"] for source in body["sources"].values())
    assert body["elapsed_ms"] >= total - 1, "the whole is at least the sum of its parts"


def test_sequential_mode_obeys_the_same_deadline(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, delay=0.25)  # one after another: 1 s, past the deadline
    client = make_client(deadline=0.6, upstream_timeout=0.6)  # room for the first on a busy machine
    took, response = timed_get(client, "/overview", mode="sequential")
    assert took < 0.6 + 0.5, f"the 0.6 s deadline holds in sequential mode too: {took:.2f} s"
    statuses = [source["status"] for source in response.json()["sources"].values()]
    assert statuses[0] == "ok" and statuses[-1] == "timeout", (
        f"the first source answered, the last one never got its turn: {statuses}"
    )


def test_each_upstream_has_at_most_its_concurrency_cap_in_flight(
    make_server: ServerMaker, fake: FakeUpstreams
) -> None:
    """Six clients at once; with concurrency=2 the fx upstream never sees more than two."""
    fake.behave("fx", delay=0.05)
    base = make_server(concurrency=2, deadline=3.0, upstream_timeout=2.0)  # room on a busy machine

    async def six_at_once() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=5) as http:
            return await asyncio.gather(*(http.get("/overview") for _ in range(6)))

    responses = asyncio.run(six_at_once())
    assert [r.status_code for r in responses] == [200] * 6
    assert fake.max_in_flight("fx") == 2, (
        f"fx had {fake.max_in_flight('fx')} requests in flight at once; the cap is 2"
    )
    assert all(r.json()["sources"]["fx"]["status"] == "ok" for r in responses), (
        "waiting for a slot is not a failure"
    )


def test_the_pool_limit_bounds_connections_across_all_upstreams(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, delay=0.03)
    response = make_client(max_connections=2, max_keepalive_connections=2).get("/overview")
    assert response.status_code == 200
    assert fake.max_in_flight() <= 2, "max_connections=2: at most two requests at once, overall"
    assert len(fake.client_ports()) <= 2, "and no more than two connections were opened"


def test_one_pooled_client_serves_every_request(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """Ten overviews (50 upstream requests) reuse a handful of keep-alive connections."""
    client = make_client()
    for _ in range(10):
        assert client.get("/overview").status_code == 200
    assert len(fake.requests) == 50
    connections = len(fake.client_ports())
    assert connections <= 8, (
        f"{connections} connections for 50 requests: make one AsyncClient in the lifespan "
        "and reuse it, rather than a client per request"
    )
