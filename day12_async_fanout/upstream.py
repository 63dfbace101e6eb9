"""The guard around one upstream: everything that stands between /overview and that API.

`Upstream.call` never raises (except when cancelled): whatever happens, it returns a
`SourceResult`. That is what lets the fan-out put every call in one TaskGroup, which cancels
all the other calls as soon as one raises. In order, a call:

1. asks the upstream's circuit breaker (open: `circuit_open` at once, no request);
2. makes an attempt under its own timeout, `min(now + upstream_timeout, deadline)`, holding
   one of the upstream's `concurrency` slots; after the upstream's p95, maybe a hedge;
3. retries once, for idempotent calls, if the failure may pass (timeout, refused
   connection, 429, 5xx) and the deadline leaves time for it;
4. tells the breaker how it went, and remembers the latency of a success.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from day05_http_client import Day05Error, NotFoundError
from day12_async_fanout.breaker import CircuitBreaker
from day12_async_fanout.config import Settings
from day12_async_fanout.errors import UpstreamError
from day12_async_fanout.hedging import HedgeBudget, LatencyWindow, hedged
from day12_async_fanout.schemas import SourceResult, Status, UpstreamState
from day12_async_fanout.sources import OverviewQuery, Source

logger = logging.getLogger(__name__)

HEDGE_QUANTILE = 0.95
T = TypeVar("T")


@dataclass(frozen=True)
class Failure:
    """A failed attempt, sorted: its status, whether to retry, whether it is the API's fault."""

    status: Status
    detail: str
    retryable: bool
    upstream_fault: bool


def classify(exc: Exception, *, timeout: float) -> Failure:
    """Sort an attempt's exception into the status the client sees and what to do next."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return Failure("timeout", f"no answer within {timeout:.3g} s", True, True)
    if isinstance(exc, httpx.TransportError):  # refused, reset, DNS: nothing came back
        return Failure("error", f"{type(exc).__name__}: {exc or 'connection failed'}", True, True)
    if isinstance(exc, UpstreamError):
        return Failure("error", str(exc), exc.retryable, exc.upstream_fault)
    if isinstance(exc, NotFoundError):  # day 5: no such city or coin; the API is fine
        return Failure("error", str(exc), False, False)
    if isinstance(exc, Day05Error):  # day 5 could not read the answer
        return Failure("error", str(exc), False, True)
    logger.error("a source failed unexpectedly", exc_info=exc)  # a bug: say so, keep serving
    return Failure("error", f"unexpected {type(exc).__name__}: {exc}", False, True)


async def cancel_once(work: Awaitable[T]) -> T:
    """Await `work` in a task of its own that is cancelled at most once.

    When a call is cut off, two cancellations can reach it (the deadline's and its own
    timeout's, or the client's). httpx closes a connection whose request was cancelled, but a
    second cancellation can interrupt that clean-up and leave the connection open, the
    upstream still working for nobody. Shielded, the request sees one cancellation only.
    """
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        task.cancel()
        await asyncio.wait({task})  # its clean-up; a second cancel here leaves it running
        raise


class Upstream:
    """One source, its breaker, its concurrency cap, its latencies and its hedge budget."""

    def __init__(self, source: Source, settings: Settings) -> None:
        self.source = source
        self.settings = settings
        self.breaker = CircuitBreaker(
            threshold=settings.breaker_threshold, reset_after=settings.breaker_reset
        )
        self.latency = LatencyWindow()
        self.budget = HedgeBudget(settings.hedge_ratio)
        self.calls = 0
        self.in_flight = 0
        self._slots = asyncio.Semaphore(settings.concurrency)

    @property
    def name(self) -> str:
        """The source's name: its key in /overview's `sources`."""
        return self.source.name

    async def call(
        self, http: httpx.AsyncClient, query: OverviewQuery, *, deadline: float
    ) -> SourceResult:
        """Ask the upstream, within `deadline` (event-loop time); never raises but cancellation."""
        loop = asyncio.get_running_loop()
        started = time.perf_counter()  # loop.time() may tick in whole milliseconds (uvloop)

        def result(status: Status, attempts: int, **fields: Any) -> SourceResult:
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            return SourceResult(status=status, elapsed_ms=elapsed, attempts=attempts, **fields)

        # solution: breaker first; then attempts (one retry if it may pass), each failure sorted
        if not self.breaker.allow():
            wait = self.breaker.retry_in()
            return result("circuit_open", 0, detail=f"circuit open; next trial in {wait:.1f} s")
        attempts = 0
        try:
            while True:
                attempts += 1
                try:
                    data, hedge_won = await self._attempt(http, query, deadline=deadline)
                except Exception as exc:  # this call's own guard: nothing escapes to siblings
                    failure = classify(exc, timeout=self.settings.upstream_timeout)
                    if failure.retryable and self._may_retry(attempts, deadline):
                        await asyncio.sleep(self.settings.retry_backoff)
                        continue
                    self._record_failure(failure)
                    return result(failure.status, attempts, detail=failure.detail)
                self._record_success()
                return result("ok", attempts, hedged=hedge_won, data=data)
        except asyncio.CancelledError:
            # Cut off by the deadline: a timeout, the breaker counts it. By the client: we
            # learnt nothing about the upstream, so a trial's slot is handed back.
            if loop.time() >= deadline - 0.001:  # a timer may fire a clock tick early
                self._record_failure(Failure("timeout", "cut off by the deadline", False, True))
            else:
                self.breaker.release()
            raise
        # end solution

    async def _attempt(
        self, http: httpx.AsyncClient, query: OverviewQuery, *, deadline: float
    ) -> tuple[dict[str, Any], bool]:
        """One attempt under its own timeout; hedged once the p95 is known."""
        loop = asyncio.get_running_loop()
        # solution: bound the attempt by min(now + upstream_timeout, deadline); hedge after p95
        async with asyncio.timeout_at(min(loop.time() + self.settings.upstream_timeout, deadline)):
            self.calls += 1
            self.budget.earn()
            delay = self._hedge_delay()
            if delay is None:
                return await self._fetch(http, query), False
            return await hedged(lambda: self._fetch(http, query), delay=delay, budget=self.budget)
        # end solution

    async def _fetch(self, http: httpx.AsyncClient, query: OverviewQuery) -> dict[str, Any]:
        """One request to the upstream, holding one of its `concurrency` slots."""
        # solution: hold one of the upstream's slots (a semaphore) while the request runs
        async with self._slots:
            self.in_flight += 1
            started = time.perf_counter()
            try:
                data = await cancel_once(self.source.fetch(http, query))
            finally:
                self.in_flight -= 1
        # end solution
        self.latency.add(time.perf_counter() - started)
        return data

    def _hedge_delay(self) -> float | None:
        """The upstream's p95, once enough calls are known; None: do not hedge."""
        settings = self.settings
        if not (settings.hedging and self.source.idempotent):
            return None
        if len(self.latency) < settings.hedge_min_samples:
            return None
        return self.latency.quantile(HEDGE_QUANTILE)

    def _may_retry(self, attempts: int, deadline: float) -> bool:
        """Idempotent, retries left, and time for the back-off plus a typical call."""
        if not self.source.idempotent or attempts > self.settings.retries:
            return False
        typical = self.latency.quantile(0.5) or 0.0
        left = deadline - asyncio.get_running_loop().time()
        return left > self.settings.retry_backoff + typical

    def _record_success(self) -> None:
        if self.breaker.record_success():
            logger.info("upstream %s is back: circuit closed", self.name)

    def _record_failure(self, failure: Failure) -> None:
        if not failure.upstream_fault:  # it answered (an unknown city is an answer): it works
            self._record_success()
        elif self.breaker.record_failure():
            logger.warning(
                "upstream %s failed %d times in a row (%s): circuit open for %g s",
                self.name,
                self.breaker.consecutive_failures,
                failure.detail,
                self.breaker.reset_after,
            )

    def state(self) -> UpstreamState:
        """What /upstreams shows for this upstream."""
        p95 = self.latency.quantile(HEDGE_QUANTILE)
        return UpstreamState(
            name=self.name,
            breaker=self.breaker.state.value,
            consecutive_failures=self.breaker.consecutive_failures,
            calls=self.calls,
            hedges=self.budget.spent,
            in_flight=self.in_flight,
            p95_ms=None if p95 is None else p95 * 1000,
        )
