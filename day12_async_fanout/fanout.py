"""Gathering every upstream at once (or one after another), inside one global deadline.

Concurrently: one task per upstream in a `TaskGroup`, the whole group inside
`asyncio.timeout_at(deadline)`. When the deadline passes, the timeout cancels the group,
which cancels every call still running; each of those is reported as a `timeout`, and the
answers that came in are kept. A TaskGroup also cancels every sibling as soon as one task
raises, so a call that could raise would take the others down with it: that is why each
call has its own guard (`Upstream.call` returns a result, it never raises).

Sequentially (`?mode=sequential`): the same calls, awaited one by one under the same
deadline, so the lesson's difference is measured, not claimed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from contextlib import suppress

import httpx

from day12_async_fanout.schemas import SourceResult
from day12_async_fanout.sources import OverviewQuery
from day12_async_fanout.upstream import Upstream


async def fan_out(
    upstreams: Sequence[Upstream],
    http: httpx.AsyncClient,
    query: OverviewQuery,
    *,
    deadline: float,
) -> dict[str, SourceResult]:
    """Call every upstream concurrently; what has not answered by `deadline` is a timeout."""
    started: dict[str, float] = {}
    results: dict[str, SourceResult] = {}

    async def call(upstream: Upstream) -> None:
        started[upstream.name] = time.perf_counter()
        results[upstream.name] = await upstream.call(http, query, deadline=deadline)

    # solution: one task per upstream in a TaskGroup, inside asyncio.timeout_at(deadline)
    with suppress(TimeoutError):  # the deadline passed: the calls still running were cancelled
        async with asyncio.timeout_at(deadline):
            async with asyncio.TaskGroup() as group:
                for upstream in upstreams:
                    group.create_task(call(upstream))
    # end solution
    return complete(upstreams, results, started)


async def one_by_one(
    upstreams: Sequence[Upstream],
    http: httpx.AsyncClient,
    query: OverviewQuery,
    *,
    deadline: float,
) -> dict[str, SourceResult]:
    """The same calls awaited one after another, under the same deadline."""
    started: dict[str, float] = {}
    results: dict[str, SourceResult] = {}
    with suppress(TimeoutError):
        async with asyncio.timeout_at(deadline):
            for upstream in upstreams:
                started[upstream.name] = time.perf_counter()
                results[upstream.name] = await upstream.call(http, query, deadline=deadline)
    return complete(upstreams, results, started)


def complete(
    upstreams: Sequence[Upstream],
    results: Mapping[str, SourceResult],
    started: Mapping[str, float],
) -> dict[str, SourceResult]:
    """Every upstream's result, in the upstreams' order: the deadline's timeouts filled in."""
    now = time.perf_counter()
    complete: dict[str, SourceResult] = {}
    for upstream in upstreams:
        name = upstream.name
        if name in results:
            complete[name] = results[name]
        elif name in started:
            elapsed = round((now - started[name]) * 1000, 1)
            complete[name] = SourceResult(
                status="timeout", elapsed_ms=elapsed, attempts=1, detail="cut off by the deadline"
            )
        else:
            complete[name] = SourceResult(
                status="timeout", elapsed_ms=0, detail="not started: the deadline had passed"
            )
    return complete


def overall_status(results: Mapping[str, SourceResult]) -> int:
    """200 if any source answered; else 504 if every one timed out, 502 otherwise."""
    # solution: any ok -> 200; none ok -> 504 when all timed out, else 502
    statuses = {result.status for result in results.values()}
    if "ok" in statuses:
        return 200
    return 504 if statuses == {"timeout"} else 502
    # end solution
