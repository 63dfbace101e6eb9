"""The circuit breaker: open after a failure, one trial after each back-off, doubling on request."""

from __future__ import annotations

from day10_redis_cache import BreakerState, CircuitBreaker
from day10_redis_cache.tests.helpers import FakeClock


def test_a_failure_opens_the_breaker_until_the_back_off_passes(clock: FakeClock) -> None:
    breaker = CircuitBreaker(retry_after=5, clock=clock)
    assert breaker.allow() and breaker.state is BreakerState.CLOSED
    assert breaker.failed() is True, "the first failure starts an outage"
    assert not breaker.allow(), "an open breaker refuses calls"
    clock.advance(4.9)
    assert not breaker.allow(), "still inside the back-off"
    clock.advance(0.1)
    assert breaker.allow() and breaker.state is BreakerState.HALF_OPEN
    assert not breaker.allow(), "only one trial call at a time"


def test_a_failed_trial_doubles_the_back_off_without_a_new_outage(clock: FakeClock) -> None:
    breaker = CircuitBreaker(retry_after=5, max_retry_after=15, clock=clock)
    breaker.failed()
    waited = 5.0
    for expected in (10.0, 15.0, 15.0):  # doubled, then capped at max_retry_after
        clock.advance(waited)
        assert breaker.allow(), "the back-off has passed: a trial is allowed"
        assert breaker.failed() is False, "a failed trial is the same outage"
        clock.advance(expected - 0.01)
        assert not breaker.allow(), f"the back-off should now be {expected} s"
        waited = 0.01


def test_the_back_off_stays_the_same_by_default_however_long_the_outage(
    clock: FakeClock,
) -> None:
    """The README promises the cache back within `retry_after` of Redis returning."""
    breaker = CircuitBreaker(retry_after=5, clock=clock)
    breaker.failed()
    for _ in range(5):  # a 25 s outage: five failed trials
        clock.advance(5)
        assert breaker.allow(), "a trial every 5 s"
        breaker.failed()
    clock.advance(5)
    assert breaker.allow(), "still 5 s after the last failed trial, not 160 s"


def test_a_successful_trial_closes_the_breaker(clock: FakeClock) -> None:
    breaker = CircuitBreaker(retry_after=5, clock=clock)
    breaker.failed()
    clock.advance(5)
    assert breaker.allow()
    assert breaker.succeeded() is True, "the success that ends an outage says so"
    assert breaker.state is BreakerState.CLOSED
    assert breaker.succeeded() is False, "later successes are ordinary"
