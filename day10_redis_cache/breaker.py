"""A circuit breaker: stop calling a service that just failed, try it again after a back-off.

Closed (calls go through) -> a call fails -> open (calls are skipped, so a dead Redis costs
nothing per request) -> the back-off passes -> half-open (exactly one trial call) -> closed
if it works, open again if not. The back-off stays `retry_after` by default, so the service
is used again at most `retry_after` seconds after it returns, however long it was away (one
trial every 5 s costs nothing: a refused connection fails at once). Pass `max_retry_after`
to double the back-off after each failed trial instead, for a service that trials would
hurt. The clock is injected, so a test moves time forward instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    """Where the breaker is: calls allowed, refused, or one trial in flight."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    """Decides whether a call to a fragile service may be made now (thread-safe).

    Usage: `if breaker.allow(): try call; breaker.succeeded() / except: breaker.failed()`.
    `failed()` returns True only for the failure that starts an outage, so the caller can
    log one warning per outage instead of one per request.
    """

    def __init__(
        self,
        *,
        retry_after: float = 5.0,
        max_retry_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.retry_after = retry_after
        self.max_retry_after = max(max_retry_after or retry_after, retry_after)
        self._clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._backoff = retry_after
        self._retry_at = 0.0

    @property
    def state(self) -> BreakerState:
        """The current state (an OPEN breaker whose back-off has passed still says OPEN)."""
        return self._state

    def allow(self) -> bool:
        """True if a call may be made now; after the back-off, one caller gets a trial."""
        with self._lock:
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.OPEN and self._clock() >= self._retry_at:
                self._state = BreakerState.HALF_OPEN
                return True
            return False

    def succeeded(self) -> bool:
        """Record a working call; True if it ended an outage (the service is back)."""
        with self._lock:
            recovered = self._state is not BreakerState.CLOSED
            self._state = BreakerState.CLOSED
            self._backoff = self.retry_after
            return recovered

    def failed(self) -> bool:
        """Record a failed call and open the breaker; True if this failure starts an outage."""
        with self._lock:
            new_outage = self._state is BreakerState.CLOSED
            if not new_outage:
                self._backoff = min(self._backoff * 2, self.max_retry_after)
            self._state = BreakerState.OPEN
            self._retry_at = self._clock() + self._backoff
            return new_outage
