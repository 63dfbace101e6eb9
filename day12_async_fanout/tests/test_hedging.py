"""Hedged requests: once an upstream's p95 is known, a call slower than it gets a second
request, the first answer wins and the other is cancelled; hedges stay within 5% of calls."""

from __future__ import annotations

import asyncio
import time

import pytest
from fastapi.testclient import TestClient

from day12_async_fanout import HedgeBudget, LatencyWindow, hedged, json_source
from day12_async_fanout.tests.conftest import ClientMaker
from day12_async_fanout.tests.helpers import FakeUpstreams


def one_source(make_client: ClientMaker, fake: FakeUpstreams, **settings: object) -> TestClient:
    """An app whose only source is the generic stand-in `s` (no retries: hedges alone)."""
    return make_client(sources=[json_source("s", f"{fake.base_url}/s")], retries=0, **settings)


def warm_up(client: TestClient, calls: int) -> None:
    for _ in range(calls):
        assert client.get("/overview").json()["sources"]["s"]["status"] == "ok"


def test_a_call_slower_than_the_p95_is_hedged_and_the_hedge_wins(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("s", delay=0.02)
    client = one_source(
        make_client, fake, hedge_min_samples=5, hedge_ratio=0.25, upstream_timeout=3.0
    )
    warm_up(client, 5)  # p95 known (about 20 ms), and a hedge earned
    fake.behave("s", stall_next=1)  # the next request never answers; the hedge will
    started = time.perf_counter()
    result = client.get("/overview").json()["sources"]["s"]
    took = time.perf_counter() - started
    assert (result["status"], result["hedged"]) == ("ok", True), result
    assert took < 1.0, (
        f"the hedge answered after about 2 x 20 ms, not at the 3 s timeout: {took:.2f} s"
    )
    assert fake.wait_for("s", "disconnected", timeout=1.0), "the stalled request was cancelled"
    assert len(fake.seen("s")) == 7


def test_no_hedge_before_the_p95_is_known(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    """Until hedge_min_samples calls have answered there is no p95 to wait for."""
    client = one_source(make_client, fake, hedge_min_samples=50, hedge_ratio=1.0)
    warm_up(client, 3)
    fake.behave("s", stall_next=1)
    result = client.get("/overview").json()["sources"]["s"]
    assert result["status"] == "timeout" and not result["hedged"]


def test_hedges_stay_within_five_percent_of_calls(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    client = one_source(make_client, fake)  # hedge_ratio 0.05, hedge_min_samples 20
    warm_up(client, 20)  # fast: a p95 of a few ms
    fake.behave("s", delay=0.08)  # from now on every call is slower than the p95
    warm_up(client, 20)
    state = client.get("/upstreams").json()[0]
    assert state["calls"] == 40
    assert state["hedges"] <= 2, f"5% of 40 calls is 2 hedges at most: {state}"
    assert state["hedges"] >= 1, f"calls slower than the p95 were hedged, within budget: {state}"
    # A hedge whose primary answers first is cancelled, sometimes before its request goes out.
    assert 40 <= len(fake.seen("s")) <= 40 + state["hedges"], "a hedge is one extra request at most"


def test_hedging_can_be_turned_off(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    client = one_source(make_client, fake, hedging=False, hedge_min_samples=1, hedge_ratio=1.0)
    warm_up(client, 3)
    fake.behave("s", stall_next=1)
    result = client.get("/overview").json()["sources"]["s"]
    assert result["status"] == "timeout" and not result["hedged"]
    assert len(fake.seen("s")) == 4


def test_non_idempotent_calls_are_never_hedged(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    source = json_source("s", f"{fake.base_url}/s", idempotent=False)
    client = make_client(sources=[source], hedge_min_samples=1, hedge_ratio=1.0)
    warm_up(client, 3)
    fake.behave("s", stall_next=1)
    assert not client.get("/overview").json()["sources"]["s"]["hedged"]
    assert len(fake.seen("s")) == 4


# --- the parts on their own --------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [pytest.param(0.95, 95.0, id="p95"), pytest.param(0.5, 50.0, id="median"),
     pytest.param(1.0, 100.0, id="max"), pytest.param(0.001, 1.0, id="min")],
)  # fmt: skip
def test_latency_window_quantile_by_nearest_rank(q: float, expected: float) -> None:
    window = LatencyWindow()
    for value in reversed(range(1, 101)):
        window.add(float(value))
    assert window.quantile(q) == expected


def test_latency_window_knows_nothing_when_empty_and_forgets_old_samples() -> None:
    window = LatencyWindow(size=3)
    assert window.quantile(0.95) is None and len(window) == 0
    for value in (100.0, 1.0, 2.0, 3.0):
        window.add(value)
    assert len(window) == 3 and window.quantile(1.0) == 3.0, "only the latest 3 are kept"


def test_hedge_budget_allows_one_hedge_per_twenty_calls() -> None:
    budget = HedgeBudget(0.05)
    granted = []
    for _ in range(100):
        budget.earn()
        granted.append(budget.spend())
    assert sum(granted) == 5, "5% of 100 calls"
    assert granted.index(True) == 19, "the first hedge is earned by the 20th call"


def test_hedge_budget_saves_up_no_more_than_its_burst() -> None:
    budget = HedgeBudget(0.5, burst=2)
    for _ in range(100):
        budget.earn()
    assert [budget.spend() for _ in range(3)] == [True, True, False]


def test_hedged_returns_the_first_answer_without_a_hedge_when_fast() -> None:
    calls = 0

    async def fast() -> str:
        nonlocal calls
        calls += 1
        return "answer"

    budget = HedgeBudget(1.0)
    budget.earn()
    assert asyncio.run(hedged(fast, delay=0.05, budget=budget)) == ("answer", False)
    assert calls == 1, "no hedge when the first request answers within the delay"


def test_hedged_cancels_the_slower_request() -> None:
    cancelled: list[int] = []
    started = 0

    async def slow_then_fast() -> int:
        nonlocal started
        started += 1
        number = started
        try:
            await asyncio.sleep(1.0 if number == 1 else 0.01)
        except asyncio.CancelledError:
            cancelled.append(number)
            raise
        return number

    budget = HedgeBudget(1.0)
    budget.earn()
    assert asyncio.run(hedged(slow_then_fast, delay=0.02, budget=budget)) == (2, True)
    assert cancelled == [1], "the first, slower request was cancelled once the hedge answered"


def test_hedged_waits_for_the_other_request_when_one_fails() -> None:
    started = 0

    async def first_fails() -> str:
        nonlocal started
        started += 1
        if started == 1:
            await asyncio.sleep(0.03)
            raise ConnectionError("first failed")
        await asyncio.sleep(0.05)
        return "second"

    budget = HedgeBudget(1.0)
    budget.earn()
    assert asyncio.run(hedged(first_fails, delay=0.01, budget=budget)) == ("second", True)


def test_hedged_raises_when_both_requests_fail() -> None:
    async def fail() -> str:
        await asyncio.sleep(0.02)
        raise ConnectionError("down")

    budget = HedgeBudget(1.0)
    budget.earn()
    with pytest.raises(ConnectionError, match="down"):
        asyncio.run(hedged(fail, delay=0.005, budget=budget))
