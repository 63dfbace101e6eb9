"""Hedged requests: when a call is slower than almost all calls before it, ask again.

Tail latency is often bad luck (a busy server, a lost packet), and a second request rarely
meets the same luck. So when the first request has not answered after the upstream's
measured p95, a second one is sent and the first answer wins; the other is cancelled
(Dean and Barroso, "The Tail at Scale", 2013).

Hedging costs extra calls, so a budget caps them: every call earns `ratio` of a hedge and
every hedge spends one, so there are never more hedges than `ratio` x calls (5% by default),
and a long quiet spell cannot save up more than `burst` of them for an outage, exactly when
extra load would hurt most. Only idempotent calls are hedged: both requests may arrive.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class LatencyWindow:
    """The latest `size` latencies of one upstream (seconds), and their quantiles."""

    def __init__(self, size: int = 200) -> None:
        self._samples: deque[float] = deque(maxlen=size)

    def __len__(self) -> int:
        return len(self._samples)

    def add(self, seconds: float) -> None:
        """Remember one successful call's latency."""
        self._samples.append(seconds)

    def quantile(self, q: float) -> float | None:
        """The `q` quantile (0.95 for the p95) by the nearest-rank method; None if empty."""
        if not self._samples:
            return None
        ordered = sorted(self._samples)
        rank = max(1, math.ceil(q * len(ordered)))
        return ordered[rank - 1]


class HedgeBudget:
    """A token bucket of hedges: `earn()` per call, `spend()` per hedge (False: none left)."""

    def __init__(self, ratio: float = 0.05, *, burst: float = 10.0) -> None:
        self.ratio = ratio
        self.burst = burst
        self._tokens = 0.0
        self.spent = 0

    def earn(self) -> None:
        """One call was made: it earns `ratio` of a hedge, up to `burst` saved."""
        self._tokens = min(self.burst, self._tokens + self.ratio)

    def spend(self) -> bool:
        """Take one hedge if the calls so far have earned it."""
        # solution: spend one whole token if there is one (allow for float rounding)
        if self._tokens < 1.0 - 1e-9:
            return False
        self._tokens = max(0.0, self._tokens - 1.0)
        self.spent += 1
        return True
        # end solution


async def hedged(
    fetch: Callable[[], Awaitable[T]], *, delay: float, budget: HedgeBudget
) -> tuple[T, bool]:
    """`fetch()`; if it has not answered within `delay` and the budget allows, `fetch()` again.

    Returns the first successful answer and whether it came from the hedge. The slower
    request is cancelled. If both fail, the last error is raised.
    """
    # solution: race a second fetch after `delay`; first success wins; always cancel the other
    primary = asyncio.ensure_future(fetch())
    running = {primary}
    try:
        done, _ = await asyncio.wait(running, timeout=delay)
        if not done and budget.spend():
            running.add(asyncio.ensure_future(fetch()))
        failure: BaseException | None = None
        while running:
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                failure = task.exception()
                if failure is None:
                    return task.result(), task is not primary
        assert failure is not None
        raise failure
    finally:
        for task in running:
            task.cancel()
        if running:  # let the loser finish its cancellation (and close its connection)
            await asyncio.wait(running)
    # end solution
