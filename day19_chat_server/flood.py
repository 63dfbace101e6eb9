"""TokenBucket: the flood limit, a burst of lines and then a steady rate.

RFC 1459 section 8.10 describes the same idea as a per-client timer; a bucket says it in
numbers a test can check: `burst` tokens to start with, `rate` new ones per second, one per line.
"""

from __future__ import annotations

import math


class TokenBucket:
    """Allows `burst` events at once, then `rate` per second; the caller passes the clock."""

    def __init__(self, *, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._updated = now

    def take(self, now: float) -> bool:
        """Spend one token if there is one; False means: wait `delay(now)` seconds."""
        # solution: refill by the time elapsed (never above burst), then spend one token
        if math.isinf(self.rate):
            return True
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(float(self.burst), self._tokens + elapsed * self.rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False
        # end solution

    def delay(self, now: float) -> float:
        """Seconds until the next token (0 when one is there)."""
        if math.isinf(self.rate):
            return 0.0
        tokens = min(float(self.burst), self._tokens + max(0.0, now - self._updated) * self.rate)
        return max(0.0, (1.0 - tokens) / self.rate)
