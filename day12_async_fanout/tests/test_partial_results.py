"""Partial results: a failing, stalled or unreachable upstream costs its own entry, not the
answer; only when no source answers is the whole request a 502 or 504 problem."""

from __future__ import annotations

import time

import pytest

from day12_async_fanout import UpstreamUrls
from day12_async_fanout.tests.conftest import ClientMaker
from day12_async_fanout.tests.helpers import FakeUpstreams, closed_port_url

SLACK = 0.5  # seconds a busy test machine may add to an answer's time (far below 5 s)


def statuses(body: dict[str, object]) -> dict[str, str]:
    sources = body["sources"]
    assert isinstance(sources, dict)
    return {name: source["status"] for name, source in sources.items()}


def test_an_upstream_error_gives_200_with_that_source_in_error(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("fx", status=500)
    response = make_client(retries=0).get("/overview")
    assert response.status_code == 200, "three of four sources answered: still a 200"
    assert statuses(response.json()) == {
        "weather": "ok",
        "crypto": "ok",
        "fx": "error",
        "wiki": "ok",
    }
    fx = response.json()["sources"]["fx"]
    assert "500" in fx["detail"], f"the detail says what the upstream answered: {fx}"
    assert fx["data"] is None
    assert response.json()["answered"] == 3


def test_a_body_that_is_not_json_is_an_error_of_that_source(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    fake.behave("wiki", body=b"<html>maintenance</html>")
    wiki = make_client().get("/overview").json()["sources"]["wiki"]
    assert wiki["status"] == "error" and "JSON" in wiki["detail"], wiki


def test_a_closed_port_is_an_error_not_a_crash(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    urls = UpstreamUrls(**{**fake.urls(), "coingecko": closed_port_url()})
    response = make_client(urls=urls, upstream_timeout=2.0).get("/overview")
    assert response.status_code == 200
    crypto = response.json()["sources"]["crypto"]
    assert crypto["status"] == "error", crypto
    assert crypto["elapsed_ms"] < 1000, "a refused connection fails at once, not after 2 s"


def test_a_stalled_upstream_times_out_after_its_own_timeout(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """The stalled source is cut off at upstream_timeout (0.3 s), well before the 2 s deadline."""
    fake.behave("wiki", stall=True)
    client = make_client(upstream_timeout=0.3, deadline=2.0, retries=0)
    started = time.perf_counter()
    response = client.get("/overview")
    took = time.perf_counter() - started
    assert response.status_code == 200
    assert statuses(response.json())["wiki"] == "timeout"
    assert statuses(response.json())["crypto"] == "ok"
    wiki = response.json()["sources"]["wiki"]
    assert 290 <= wiki["elapsed_ms"] < 300 + SLACK * 1000, wiki
    assert took < 0.3 + SLACK, f"the answer waited {took:.2f} s for a 0.3 s timeout"


def test_the_deadline_caps_the_whole_answer(make_client: ClientMaker, fake: FakeUpstreams) -> None:
    """With a per-upstream timeout longer than the deadline, the deadline wins."""
    fake.behave("wiki", stall=True)
    fake.behave("fx", stall=True)
    client = make_client(upstream_timeout=5.0, deadline=0.2)
    started = time.perf_counter()
    response = client.get("/overview")
    took = time.perf_counter() - started
    assert took < 0.2 + SLACK, f"a 0.2 s deadline, but the answer took {took:.2f} s"
    assert response.status_code == 200
    assert statuses(response.json()) == {
        "weather": "ok",
        "crypto": "ok",
        "fx": "timeout",
        "wiki": "timeout",
    }
    for name in ("fx", "wiki"):
        elapsed = response.json()["sources"][name]["elapsed_ms"]
        assert 180 <= elapsed < 200 + SLACK * 1000, f"{name} was cut off at the deadline"


def test_stalled_requests_are_cancelled_at_the_deadline(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """The upstream sees its request closed: nothing keeps waiting after the answer."""
    fake.behave("wiki", stall=True)
    make_client(upstream_timeout=5.0, deadline=0.2).get("/overview")
    assert fake.wait_for("wiki", "disconnected", timeout=1.0), (
        "the stalled call should be cancelled (its connection closed) when the deadline passes"
    )


def test_no_source_answering_is_a_502_problem_listing_every_source(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, status=503)
    response = make_client(retries=0).get("/overview")
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 502 and body["title"] == "Bad Gateway"
    assert set(statuses(body).values()) == {"error"}, "the problem still says what each did"


def test_every_source_timing_out_is_a_504_problem(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    for name in ("weather", "crypto", "fx", "wiki"):
        fake.behave(name, stall=True)
    started = time.perf_counter()
    response = make_client(upstream_timeout=5.0, deadline=0.15).get("/overview")
    assert time.perf_counter() - started < 0.15 + SLACK
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert set(statuses(response.json()).values()) == {"timeout"}


def test_errors_and_timeouts_together_are_a_502(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    for name in ("weather", "crypto"):
        fake.behave(name, status=500)
    for name in ("fx", "wiki"):
        fake.behave(name, stall=True)
    response = make_client(retries=0, upstream_timeout=0.1).get("/overview")
    assert response.status_code == 502, "not every source timed out: a bad gateway"


@pytest.mark.parametrize("mode", ["concurrent", "sequential"])
def test_a_partial_answer_in_either_mode_keeps_the_sources_that_answered(
    make_client: ClientMaker, fake: FakeUpstreams, mode: str
) -> None:
    fake.behave("crypto", status=500)
    body = make_client(retries=0).get("/overview", params={"mode": mode}).json()
    assert statuses(body) == {"weather": "ok", "crypto": "error", "fx": "ok", "wiki": "ok"}
