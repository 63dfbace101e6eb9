"""JsonClient against a real local HTTP server: timeouts, retries, errors a user understands."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from day05_http_client import (
    USER_AGENT,
    ApiResponseError,
    ApiStatusError,
    ApiTimeoutError,
    ApiUnreachableError,
    Day05Error,
    DeadlineExceededError,
    JsonClient,
    RetryPolicy,
    Timeouts,
)

from .conftest import DATA, MakeClient, load


def test_sends_a_user_agent_naming_the_project(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request(
        "/ping", headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    ).respond_with_json({"ok": True})
    assert make_client().get(httpserver.url_for("/ping")) == {"ok": True}
    assert "backend-course" in USER_AGENT, "the User-Agent must name the project"


def test_query_parameters_are_encoded(httpserver: HTTPServer, make_client: MakeClient) -> None:
    httpserver.expect_request(
        "/search", query_string={"name": "São Paulo", "count": "1"}
    ).respond_with_json({})
    assert make_client().get(httpserver.url_for("/search"), {"name": "São Paulo", "count": 1}) == {}


def test_server_error_then_success_is_retried_after_backoff(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_json({"ok": True})
    assert make_client().get(httpserver.url_for("/flaky")) == {"ok": True}
    # base 0.5 then 1.0, each scaled by jitter 0.5 with rng 0.5: x 0.75
    assert sleeps == [0.375, 0.75], "two failures: two exponential, jittered waits"
    httpserver.check_assertions()


def test_jitter_comes_from_the_injected_random_source(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("", status=502)
    httpserver.expect_ordered_request("/flaky").respond_with_data("", status=502)
    httpserver.expect_ordered_request("/flaky").respond_with_json([])
    numbers = iter([0.0, 0.99])
    make_client(rng=lambda: next(numbers)).get(httpserver.url_for("/flaky"))
    assert sleeps == [0.25, pytest.approx(0.995)], "delay = backoff x (1 - jitter + jitter x rng)"


def test_rate_limit_honours_retry_after_seconds(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_ordered_request("/price").respond_with_json(
        load("coingecko_rate_limited.json"), status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/price").respond_with_json({"bitcoin": {"usd": 1.0}})
    assert make_client().get(httpserver.url_for("/price")) == {"bitcoin": {"usd": 1.0}}
    assert sleeps == [7.0], "the client must wait exactly as long as Retry-After says"


def test_retry_after_http_date_uses_the_injected_clock(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    now = datetime(2025, 11, 27, 12, 0, 0, tzinfo=UTC)
    header = format_datetime(datetime(2025, 11, 27, 12, 0, 4, tzinfo=UTC), usegmt=True)
    httpserver.expect_ordered_request("/x").respond_with_data(
        "", status=503, headers={"Retry-After": header}
    )
    httpserver.expect_ordered_request("/x").respond_with_json({})
    make_client(clock=now.timestamp).get(httpserver.url_for("/x"))
    assert sleeps == [4.0]


def test_huge_retry_after_is_capped(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_ordered_request("/x").respond_with_data(
        "", status=429, headers={"Retry-After": "86400"}
    )
    httpserver.expect_ordered_request("/x").respond_with_json({})
    make_client(retry=RetryPolicy(retries=1, max_delay=2.5)).get(httpserver.url_for("/x"))
    assert sleeps == [2.5], "a CLI must not hang for a day because a server asked it to"


def test_persistent_server_error_gives_up_after_the_last_attempt(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_request("/down").respond_with_data("", status=503)
    with pytest.raises(ApiStatusError) as caught:
        make_client(retry=RetryPolicy(retries=2)).get(httpserver.url_for("/down"))
    assert caught.value.status == 503
    assert len(httpserver.log) == 3, "2 retries = 3 requests, then give up"
    assert len(sleeps) == 2
    assert "try again later" in (caught.value.hint or "")


def test_client_error_is_not_retried_and_shows_the_api_reason(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_request("/v1/forecast").respond_with_json(
        load("open_meteo_error.json"), status=400
    )
    with pytest.raises(ApiStatusError) as caught:
        make_client().get(httpserver.url_for("/v1/forecast"))
    assert len(httpserver.log) == 1 and sleeps == [], "a 400 will be a 400 again: no retry"
    assert "HTTP 400 BAD REQUEST" in str(caught.value)
    assert "Latitude must be in range" in str(caught.value), "show the API's own reason"


def test_rate_limit_message_carries_coingecko_error_message(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request("/price").respond_with_json(
        load("coingecko_rate_limited.json"), status=429, headers={"Retry-After": "60"}
    )
    with pytest.raises(ApiStatusError, match="exceeded the Rate Limit") as caught:
        make_client(retry=RetryPolicy(retries=0)).get(httpserver.url_for("/price"))
    assert caught.value.hint == "the server asks to wait 60 s before trying again"


def test_error_without_a_json_body_still_reads_well(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request("/gone").respond_with_json(["not", "an", "object"], status=404)
    httpserver.expect_request("/teapot").respond_with_data("<html>", status=418)
    client = make_client()
    with pytest.raises(ApiStatusError, match=r"answered HTTP 404 NOT FOUND$"):
        client.get(httpserver.url_for("/gone"))
    with pytest.raises(ApiStatusError, match=r"answered HTTP 418"):
        client.get(httpserver.url_for("/teapot"))


def _slow(request: Request) -> Response:
    """Answer a little later than the tests' 0.2 s read timeout."""
    time.sleep(0.35)
    return Response('{"late": true}', content_type="application/json")


def test_response_slower_than_the_read_timeout_is_a_timeout_error(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_request("/slow").respond_with_handler(_slow)
    client = make_client(timeouts=Timeouts(connect=1.0, read=0.2), retry=RetryPolicy(retries=1))
    with pytest.raises(ApiTimeoutError) as caught:
        client.get(httpserver.url_for("/slow"))
    assert str(caught.value) == f"{httpserver.host}:{httpserver.port} did not answer within 0.2 s"
    assert len(sleeps) == 1, "a timed-out GET is retried (GET is safe to repeat)"


def test_too_many_redirects_is_reported_without_retrying(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    with pytest.raises(Day05Error, match="could not request .*/loop: Exceeded 30 redirects"):
        make_client().get(httpserver.url_for("/loop"))
    assert sleeps == []


def test_truncated_json_names_the_host_and_the_problem(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    truncated = (DATA / "geocoding_berlin.json").read_text(encoding="utf-8")[:120]
    httpserver.expect_request("/v1/search").respond_with_data(
        truncated, content_type="application/json"
    )
    with pytest.raises(ApiResponseError) as caught:
        make_client().get(httpserver.url_for("/v1/search"))
    message = str(caught.value)
    assert f"{httpserver.host}:{httpserver.port} did not answer with valid JSON" in message
    assert "application/json, 120 bytes" in message, "say what arrived instead"


def test_html_instead_of_json_is_a_response_error(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request("/").respond_with_data("<h1>Hello</h1>", content_type="text/html")
    with pytest.raises(ApiResponseError, match="text/html"):
        make_client().get(httpserver.url_for("/"))


def test_connection_refused_names_the_host_after_retrying(
    closed_port_url: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    with pytest.raises(ApiUnreachableError) as caught:
        make_client().get(f"{closed_port_url}/v1/search")
    host = closed_port_url.removeprefix("http://")
    assert str(caught.value) == f"could not reach {host}: Connection refused"
    assert caught.value.host == host
    assert sleeps == [0.375, 0.75, 1.5], "connection errors are retried with back-off"


def test_timeouts_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Timeouts(connect=0)


def test_a_url_requests_cannot_send_is_a_clear_error(make_client: MakeClient) -> None:
    with pytest.raises(Day05Error, match="could not request http://"):
        make_client().get("http://")


def test_a_server_that_never_answers_costs_the_deadline_not_every_attempt(
    stalled_url: str, make_client: MakeClient
) -> None:
    """Read timeout 10 s and 3 retries, but the whole GET ends at its 0.6 s deadline."""
    client = make_client(timeouts=Timeouts(connect=1.0, read=10.0), deadline=0.6, sleep=time.sleep)
    started = time.monotonic()
    with pytest.raises(DeadlineExceededError, match=r"within the 0\.6 s deadline \(1 attempt;"):
        client.get(f"{stalled_url}/simple/price")
    assert time.monotonic() - started < 2.5


def test_retries_stop_when_the_next_wait_would_pass_the_deadline(
    httpserver: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    httpserver.expect_request("/busy").respond_with_data("busy", status=503)
    client = make_client(deadline=1.0, monotonic=lambda: sum(sleeps))  # time moves by sleeping
    with pytest.raises(DeadlineExceededError) as caught:
        client.get(httpserver.url_for("/busy"))
    assert sleeps == [0.375], "the second wait (0.75 s) would end past the 1 s deadline"
    assert "(2 attempts; last: " in str(caught.value) and "HTTP 503" in str(caught.value)
    assert caught.value.hint == "try again later or raise --deadline"


def test_deadline_must_be_positive(session: requests.Session) -> None:
    with pytest.raises(ValueError, match="deadline must be positive"):
        JsonClient(session, deadline=0)
