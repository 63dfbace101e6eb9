"""A circuit breaker for asyncio: stop calling an upstream that keeps failing, then try again.

Closed (calls go through; consecutive failures are counted) -> `threshold` failures in a row
-> open (calls are refused at once: `circuit_open`, no request made) -> `reset_after` seconds
pass -> half-open (one trial call; the others are still refused) -> closed if the trial
works, open again if it fails.

Why not day 10's `CircuitBreaker`? Its rules fit asyncio (nothing in it blocks), but it
opens on the first failure, which suits a local Redis whose refused connection is decisive,
not a public API where one slow answer among many is noise; and its trial has two outcomes,
while an asyncio call has a third: cancelled (the client left, the deadline passed). A trial
cut off that way never reports, and day 10's breaker would stay half-open, refusing every
call for good. `release()` is that third outcome. (Importing it would also import all of
day 10: Redis, SQLAlchemy, days 7 and 8, about a second of start-up for 60 lines.)

One breaker per upstream, used from one event loop: no lock is needed, since nothing here
awaits. The clock is injected, so tests move time instead of sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    """Where a breaker is: calls allowed, refused, or one trial in flight."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    """Decides whether a call to one upstream may be made now.

    Usage: `if breaker.allow():` make the call, then `record_success()`, `record_failure()`
    or, when it was cancelled before it could tell, `release()`.
    """

    def __init__(
        self,
        *,
        threshold: int = 3,
        reset_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if threshold < 1 or reset_after <= 0:
            raise ValueError("threshold must be >= 1 and reset_after > 0")
        self.threshold = threshold
        self.reset_after = reset_after
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0

    @property
    def state(self) -> BreakerState:
        """The current state; an open breaker whose wait is over says half-open only once
        a caller has taken the trial."""
        return self._state

    @property
    def consecutive_failures(self) -> int:
        """Failures since the last success."""
        return self._failures

    def retry_in(self) -> float:
        """Seconds until an open breaker lets a trial through (0 when it would now)."""
        if self._state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.reset_after - self._clock())

    def allow(self) -> bool:
        """True if a call may be made now; after `reset_after`, exactly one caller gets a trial."""
        # solution: closed allows; open allows one trial once reset_after has passed (half-open)
        if self._state is BreakerState.CLOSED:
            return True
        if self._state is BreakerState.OPEN and self.retry_in() == 0.0:
            self._state = BreakerState.HALF_OPEN
            return True
        return False  # open and waiting, or half-open with its trial in flight
        # end solution

    def record_success(self) -> bool:
        """A call worked: close the breaker. True if that ended an outage."""
        recovered = self._state is not BreakerState.CLOSED
        self._state = BreakerState.CLOSED
        self._failures = 0
        return recovered

    def record_failure(self) -> bool:
        """A call failed: count it; open after `threshold` in a row or a failed trial.

        True if this failure opened the breaker (log one warning per outage, not per call).
        """
        # solution: count the failure; a failed trial, or threshold failures, (re)opens it
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or (
            self._state is BreakerState.CLOSED and self._failures >= self.threshold
        ):
            opened = self._state is BreakerState.CLOSED
            self._state = BreakerState.OPEN
            self._opened_at = self._clock()
            return opened
        return False
        # end solution

    def release(self) -> None:
        """A call ended without a verdict (cancelled): a trial's slot goes to the next caller."""
        if self._state is BreakerState.HALF_OPEN:
            self._state = BreakerState.OPEN
            self._opened_at = self._clock() - self.reset_after  # a trial is due at once
