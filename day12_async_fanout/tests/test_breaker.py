"""A circuit breaker per upstream: after repeated failures it answers `circuit_open` at once,
without calling; after `breaker_reset` one trial call decides whether it closes again."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from day12_async_fanout import BreakerState, CircuitBreaker
from day12_async_fanout.tests.conftest import ClientMaker
from day12_async_fanout.tests.helpers import FakeUpstreams

BREAKER = {"breaker_threshold": 2, "breaker_reset": 0.3, "retries": 0}


class FakeClock:
    """A clock the test moves forward instead of sleeping."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def fx_status(client: TestClient) -> str:
    body = client.get("/overview").json()
    return str(body["sources"]["fx"]["status"])


def test_repeated_failures_open_the_circuit(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    fake.behave("fx", status=500)
    client = make_client(**BREAKER)
    assert [fx_status(client) for _ in range(2)] == ["error", "error"]
    fx = client.get("/overview").json()["sources"]["fx"]
    assert fx["status"] == "circuit_open", f"two failures in a row open the breaker: {fx}"
    assert fx["attempts"] == 0 and fx["elapsed_ms"] < 100, "an open circuit answers at once"
    assert len(fake.seen("fx")) == 2, "no request is made while the circuit is open"


def test_an_open_circuit_still_gives_the_other_sources(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("fx", status=500)
    client = make_client(**BREAKER)
    for _ in range(3):
        response = client.get("/overview")
    assert response.status_code == 200
    statuses = {k: v["status"] for k, v in response.json()["sources"].items()}
    assert statuses == {"weather": "ok", "crypto": "ok", "fx": "circuit_open", "wiki": "ok"}


def test_a_success_between_failures_keeps_it_closed(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """The threshold counts failures in a row: one success starts the count again."""
    client = make_client(**BREAKER)
    fake.behave("fx", status=500)
    assert fx_status(client) == "error"
    fake.behave("fx", status=200)
    assert fx_status(client) == "ok"
    fake.behave("fx", status=500)
    assert fx_status(client) == "error", "only one failure since the last success"
    assert fx_status(client) == "error"
    assert fx_status(client) == "circuit_open"


def test_after_the_reset_time_one_trial_closes_it_again(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("fx", status=500)
    client = make_client(**BREAKER)
    for _ in range(3):
        fx_status(client)
    fake.behave("fx", status=200)  # the upstream is back
    assert fx_status(client) == "circuit_open", "still within breaker_reset"
    time.sleep(0.35)
    assert fx_status(client) == "ok", "after breaker_reset a trial call goes through"
    assert fx_status(client) == "ok", "and the circuit is closed again"
    states = {state["name"]: state for state in client.get("/upstreams").json()}
    assert states["fx"]["breaker"] == "closed"


def test_a_failed_trial_opens_it_again_at_once(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("fx", status=500)
    client = make_client(**BREAKER)
    for _ in range(3):
        fx_status(client)
    time.sleep(0.35)
    assert fx_status(client) == "error", "the trial call was made, and failed"
    assert fx_status(client) == "circuit_open", "one failed trial is enough to open it again"
    assert len(fake.seen("fx")) == 3


def test_timeouts_count_as_failures(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    fake.behave("wiki", stall=True)
    client = make_client(upstream_timeout=0.05, **BREAKER)
    statuses = [client.get("/overview").json()["sources"]["wiki"]["status"] for _ in range(3)]
    assert statuses == ["timeout", "timeout", "circuit_open"]


def test_calls_cut_off_by_the_deadline_count_as_failures(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """A stalled upstream that only the global deadline stops still opens its circuit."""
    fake.behave("wiki", stall=True)
    client = make_client(upstream_timeout=5.0, deadline=0.1, **BREAKER)
    statuses = [client.get("/overview").json()["sources"]["wiki"]["status"] for _ in range(3)]
    assert statuses == ["timeout", "timeout", "circuit_open"]


def test_client_errors_do_not_open_the_circuit(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """An unknown city is an answer, not an outage: the breaker stays closed."""
    client = make_client(**BREAKER)
    for _ in range(4):
        weather = client.get("/overview", params={"city": "Atlantis"}).json()["sources"]
        assert weather["weather"]["status"] == "error"
    assert len(fake.seen("geocoding")) == 4


def test_each_upstream_has_its_own_breaker(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    fake.behave("fx", status=500)
    client = make_client(**BREAKER)
    for _ in range(3):
        client.get("/overview")
    states = {state["name"]: state["breaker"] for state in client.get("/upstreams").json()}
    assert states == {"weather": "closed", "crypto": "closed", "fx": "open", "wiki": "closed"}


def test_every_source_open_is_a_502(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, status=500)
    client = make_client(**BREAKER)
    for _ in range(2):
        client.get("/overview")
    response = client.get("/overview")
    assert response.status_code == 502
    assert {s["status"] for s in response.json()["sources"].values()} == {"circuit_open"}


# --- the breaker on its own (a public class: later days use it) ----------------------------


def test_breaker_opens_after_threshold_failures_in_a_row() -> None:
    breaker = CircuitBreaker(threshold=3, reset_after=5, clock=FakeClock())
    assert [breaker.record_failure() for _ in range(3)] == [False, False, True], (
        "record_failure returns True once: for the failure that opens it"
    )
    assert breaker.state is BreakerState.OPEN
    assert not breaker.allow()


def test_breaker_gives_exactly_one_trial_after_the_reset() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=1, reset_after=5, clock=clock)
    breaker.record_failure()
    clock.now += 4.9
    assert not breaker.allow() and breaker.retry_in() == pytest.approx(0.1)
    clock.now += 0.1
    assert breaker.allow(), "the first caller after reset_after gets the trial"
    assert breaker.state is BreakerState.HALF_OPEN
    assert not breaker.allow(), "while the trial is in flight, everyone else is refused"
    assert breaker.record_success() is True, "record_success says the outage ended"
    assert breaker.state is BreakerState.CLOSED and breaker.allow()


def test_a_cancelled_trial_hands_the_trial_to_the_next_caller() -> None:
    """`release()`: a trial cancelled before it could tell leaves no breaker half-open."""
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=1, reset_after=5, clock=clock)
    breaker.record_failure()
    clock.now += 5
    assert breaker.allow()
    breaker.release()
    assert breaker.allow(), "the next caller gets a trial at once"


def test_breaker_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="threshold"):
        CircuitBreaker(threshold=0)
