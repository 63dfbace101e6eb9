"""The app's one gateway to its upstreams: the shared AsyncClient and a guard per upstream.

Made in the lifespan (the client must be opened and closed inside the running event loop)
and kept on `app.state`; the routes reach it through `GatewayDep`. Breakers, latencies and
hedge budgets live as long as the app: what one request learns protects the next.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from day12_async_fanout.config import Settings
from day12_async_fanout.fanout import fan_out, one_by_one
from day12_async_fanout.schemas import Mode, SourceResult, UpstreamState
from day12_async_fanout.sources import OverviewQuery, Source
from day12_async_fanout.upstream import Upstream

logger = logging.getLogger(__name__)

USER_AGENT = "backend-course-day12/1.0 (learning project; python-httpx)"


def build_client(settings: Settings) -> httpx.AsyncClient:
    """The one AsyncClient every upstream call goes through, its pool limits stated."""
    # solution: an AsyncClient with explicit Limits (connections, keep-alive) and a Timeout
    return httpx.AsyncClient(
        limits=httpx.Limits(
            max_connections=settings.max_connections,
            max_keepalive_connections=settings.max_keepalive_connections,
            keepalive_expiry=settings.keepalive_expiry,
        ),
        # A backstop: each attempt's asyncio timeout is what really bounds it. `pool` bounds
        # the wait for a free connection when all max_connections are busy.
        timeout=httpx.Timeout(settings.upstream_timeout, pool=settings.deadline),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=True,  # Wikipedia redirects a title to its page's own title
    )
    # end solution


@dataclass
class Gateway:
    """The client and the guarded upstreams of one running app."""

    http: httpx.AsyncClient
    upstreams: list[Upstream]
    settings: Settings

    @classmethod
    def open(cls, sources: Sequence[Source], settings: Settings) -> Gateway:
        """A gateway with a new client; close it with `aclose()`."""
        upstreams = [Upstream(source, settings) for source in sources]
        return cls(build_client(settings), upstreams, settings)

    async def aclose(self) -> None:
        """Close the client's pooled connections."""
        await self.http.aclose()

    async def overview(
        self, query: OverviewQuery, *, mode: Mode
    ) -> tuple[dict[str, SourceResult], float]:
        """Every source's result for `query`, and the milliseconds it took."""
        deadline = asyncio.get_running_loop().time() + self.settings.deadline
        started = time.perf_counter()
        gather = fan_out if mode == "concurrent" else one_by_one
        results = await gather(self.upstreams, self.http, query, deadline=deadline)
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        answered = sum(result.status == "ok" for result in results.values())
        logger.info(
            "overview of %s (%s): %d of %d sources answered in %.0f ms",
            query.city,
            mode,
            answered,
            len(results),
            elapsed,
            extra={"city": query.city, "mode": mode, "answered": answered, "elapsed_ms": elapsed},
        )
        return results, elapsed

    def states(self) -> list[UpstreamState]:
        """Each upstream's breaker, counters and p95."""
        return [upstream.state() for upstream in self.upstreams]
