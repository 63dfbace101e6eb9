"""The retry policy: which failures are retried, and how long to wait before each retry."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from day05_http_client import RetryPolicy, is_retryable_status, parse_retry_after


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 599])
def test_rate_limits_and_server_errors_are_retryable(status: int) -> None:
    assert is_retryable_status(status), f"HTTP {status} may succeed later and must be retried"


@pytest.mark.parametrize("status", [200, 301, 400, 401, 403, 404, 422])
def test_client_errors_are_not_retryable(status: int) -> None:
    assert not is_retryable_status(status), f"HTTP {status} will not change; do not retry it"


def test_backoff_doubles_each_retry_without_jitter() -> None:
    policy = RetryPolicy(retries=5, base=0.5, max_delay=100.0, jitter=0.0)
    delays = [policy.backoff(n) for n in range(1, 6)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0], "exponential back-off: base, 2x, 4x, 8x, ..."


def test_backoff_is_capped_at_max_delay() -> None:
    policy = RetryPolicy(retries=10, base=1.0, max_delay=5.0, jitter=0.0)
    assert policy.backoff(10) == 5.0, "no wait may exceed max_delay, however many retries"


def test_jitter_randomises_the_delay_within_its_band() -> None:
    policy = RetryPolicy(base=2.0, max_delay=100.0, jitter=0.5)
    rng = random.Random(5).random
    delays = [policy.backoff(2, rng=rng) for _ in range(50)]
    assert all(2.0 <= d < 4.0 for d in delays), "jitter 0.5 keeps a delay in [50 %, 100 %)"
    assert len(set(delays)) > 40, "jitter must make the delays differ from call to call"


def test_jitter_extremes_follow_the_random_number() -> None:
    policy = RetryPolicy(base=1.0, jitter=1.0)
    assert policy.backoff(1, rng=lambda: 0.0) == 0.0, "full jitter may retry immediately"
    assert policy.backoff(1, rng=lambda: 0.5) == 0.5


def test_retry_after_replaces_the_backoff_and_is_capped() -> None:
    policy = RetryPolicy(base=0.5, max_delay=10.0)
    assert policy.delay(1, retry_after=3.0) == 3.0, "the server's Retry-After wins"
    assert policy.delay(1, retry_after=3600.0) == 10.0, "but never beyond max_delay"


def test_retry_after_in_seconds_is_parsed() -> None:
    assert parse_retry_after("120", now=0.0) == 120.0
    assert parse_retry_after(" 7 ", now=0.0) == 7.0


def test_retry_after_as_http_date_counts_from_now() -> None:
    now = datetime(2025, 11, 27, 12, 0, 0, tzinfo=UTC)
    later = datetime(2025, 11, 27, 12, 0, 30, tzinfo=UTC)
    header = format_datetime(later, usegmt=True)  # "Thu, 27 Nov 2025 12:00:30 GMT"
    assert parse_retry_after(header, now=now.timestamp()) == 30.0


def test_retry_after_in_the_past_means_now() -> None:
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now=1000.0) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5"])
def test_missing_or_malformed_retry_after_is_ignored(value: str | None) -> None:
    assert parse_retry_after(value, now=0.0) is None


def test_policy_counts_attempts_and_rejects_nonsense() -> None:
    assert RetryPolicy(retries=3).attempts == 4, "3 retries = 4 attempts in all"
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(retries=-1)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=1.5)
