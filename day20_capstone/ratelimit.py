"""Fixed-window rate limits for logins: in memory (one process) or in Redis (all of them).

`hit(key)` counts one attempt and returns None while the key is under its limit, else the
seconds until its window ends (the Retry-After). Keys are `account:<email>` and
`client:<ip>`, so a password-guessing run is stopped both per account and per client.
Redis failing is no reason to stop logins: the limiter falls back to its in-memory
windows (one warning) and goes back to Redis when it answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

logger = logging.getLogger(__name__)


class Limiter(Protocol):
    """Counts attempts per key in windows of `window` seconds."""

    description: str

    def hit(self, key: str, *, limit: int, window: float) -> float | None:
        """Count an attempt; None if allowed, else seconds until the window resets."""
        ...


class MemoryLimiter:
    """Windows in a dict of this process: right for one API process (the embedded default)."""

    description = "in-memory rate limits (this process only)"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, *, limit: int, window: float) -> float | None:
        """Count an attempt in the key's current window."""
        # solution: a window starts at the first hit; over `limit` hits, answer its remaining time
        now = self._clock()
        with self._lock:
            started, count = self._windows.get(key, (now, 0))
            if now - started >= window:
                started, count = now, 0
            self._windows[key] = (started, count + 1)
        if count + 1 > limit:
            return window - (now - started)
        return None
        # end solution


class RedisLimiter:
    """Windows in Redis (INCR + PEXPIRE), shared by every API process; memory when Redis fails."""

    def __init__(self, client: redis.Redis, *, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self.fallback = MemoryLimiter()
        self._down = False
        self.description = "Redis rate limits (shared by every API process)"

    def hit(self, key: str, *, limit: int, window: float) -> float | None:
        """Count an attempt in Redis; on a Redis error, in memory."""
        name = f"{self.prefix}limit:{key}"
        try:
            with self.client.pipeline() as pipe:
                pipe.incr(name)
                pipe.pexpire(name, int(window * 1000), nx=True)
                pipe.pttl(name)
                count, _, ttl = pipe.execute()
        except redis.RedisError as exc:
            if not self._down:
                logger.warning("rate limits: Redis unavailable (%s); counting in memory", exc)
            self._down = True
            return self.fallback.hit(key, limit=limit, window=window)
        self._down = False
        if int(count) > limit:
            return max(int(ttl), 1) / 1000
        return None
