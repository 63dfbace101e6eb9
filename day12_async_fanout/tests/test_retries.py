"""One bounded retry: for idempotent calls, for failures that may pass, inside the deadline."""

from __future__ import annotations

import time
from typing import Any

import pytest

from day12_async_fanout import OverviewQuery, Source, json_source
from day12_async_fanout.tests.conftest import ClientMaker
from day12_async_fanout.tests.helpers import FakeUpstreams


def test_a_transient_503_is_retried_once_and_succeeds(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("crypto", fail_next=1)
    crypto = make_client().get("/overview").json()["sources"]["crypto"]
    assert crypto["status"] == "ok", crypto
    assert crypto["attempts"] == 2, "the first attempt failed with 503, the retry worked"
    assert len(fake.seen("crypto")) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_a_failure_that_may_pass_is_tried_twice_and_no_more(
    make_client: ClientMaker, fake: FakeUpstreams, status: int
) -> None:
    fake.behave("fx", status=status)
    fx = make_client().get("/overview").json()["sources"]["fx"]
    assert (fx["status"], fx["attempts"]) == ("error", 2), fx
    assert len(fake.seen("fx")) == 2, "one retry, bounded: never a third request"


def test_a_timeout_is_retried(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    fake.behave("wiki", stall_next=1)
    wiki = make_client(upstream_timeout=0.3).get("/overview").json()["sources"]["wiki"]
    assert (wiki["status"], wiki["attempts"]) == ("ok", 2), wiki


@pytest.mark.parametrize("status", [400, 404, 410])
def test_a_client_error_is_not_retried(
    make_client: ClientMaker, fake: FakeUpstreams, status: int
) -> None:
    """A 4xx will not change if asked again: one request, then the error."""
    fake.behave("wiki", status=status)
    wiki = make_client().get("/overview").json()["sources"]["wiki"]
    assert (wiki["status"], wiki["attempts"]) == ("error", 1), wiki
    assert len(fake.seen("wiki")) == 1


def test_an_unknown_city_is_not_retried(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    weather = make_client().get("/overview", params={"city": "Atlantis"}).json()["sources"]
    assert weather["weather"]["attempts"] == 1
    assert len(fake.seen("geocoding")) == 1


def test_a_non_idempotent_source_is_never_retried(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("orders", status=503)
    source = json_source("orders", f"{fake.base_url}/orders", idempotent=False)
    result = make_client(sources=[source]).get("/overview").json()["sources"]["orders"]
    assert (result["status"], result["attempts"]) == ("error", 1), result
    assert len(fake.seen("orders")) == 1, "a call that may change something is made once"


def test_retries_can_be_turned_off(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    fake.behave("fx", status=503)
    fx = make_client(retries=0).get("/overview").json()["sources"]["fx"]
    assert fx["attempts"] == 1


def test_no_retry_starts_when_the_deadline_leaves_no_time_for_it(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """A 503 that arrives just before the deadline is the answer: no retry that cannot finish."""
    fake.behave("fx", status=503, delay=0.6)  # the 503 comes 0.2 s before the deadline
    client = make_client(deadline=0.8, upstream_timeout=0.8, retry_backoff=0.3)
    started = time.perf_counter()
    fx = client.get("/overview").json()["sources"]["fx"]
    assert time.perf_counter() - started < 0.8 + 0.5, "the deadline holds"
    assert (fx["status"], fx["attempts"]) == ("error", 1), fx


def test_the_retry_waits_for_the_backoff(make_client: ClientMaker) -> None:
    calls: list[float] = []

    async def flaky(http: Any, query: OverviewQuery) -> dict[str, Any]:
        calls.append(time.perf_counter())
        if len(calls) == 1:
            raise TimeoutError
        return {"ok": True}

    client = make_client(sources=[Source("flaky", flaky)], retry_backoff=0.05)
    assert client.get("/overview").json()["sources"]["flaky"]["attempts"] == 2
    assert calls[1] - calls[0] >= 0.05, "the retry came after retry_backoff"
