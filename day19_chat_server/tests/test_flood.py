"""TokenBucket: a burst, then a steady rate."""

from __future__ import annotations

import math

from day19_chat_server import TokenBucket


def test_burst_then_rate() -> None:
    bucket = TokenBucket(rate=2.0, burst=3, now=0.0)
    assert [bucket.take(0.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.delay(0.0) == 0.5, "one token every 1/rate seconds"
    assert bucket.take(0.5) and not bucket.take(0.5)


def test_tokens_never_exceed_the_burst() -> None:
    bucket = TokenBucket(rate=10.0, burst=2, now=0.0)
    assert sum(bucket.take(100.0) for _ in range(5)) == 2, "a long pause earns only `burst`"
    assert bucket.delay(100.0) > 0


def test_infinite_rate_never_limits() -> None:
    bucket = TokenBucket(rate=math.inf, burst=1, now=0.0)
    assert all(bucket.take(0.0) for _ in range(1000))
    assert bucket.delay(0.0) == 0.0
