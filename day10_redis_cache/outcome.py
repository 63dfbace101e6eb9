"""What the cache did for this request (HIT, MISS, BYPASS) and the `X-Cache` header saying so.

The cache records each lookup's outcome in a request-scoped list held by a ContextVar. The
middleware puts a fresh list in the ContextVar before the request runs and reads it when the
response starts. It is a list (mutated, never replaced) because FastAPI runs sync routes in
worker threads with a *copy* of the context: a copy still points at the same list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Cache"


class CacheStatus(StrEnum):
    """The outcome of one cache lookup."""

    HIT = "HIT"  # answered from Redis
    MISS = "MISS"  # computed (from the database) and stored in Redis
    BYPASS = "BYPASS"  # Redis unusable: computed, nothing read from or written to Redis


_outcomes: ContextVar[list[CacheStatus] | None] = ContextVar("day10_cache_outcomes", default=None)


def record(status: CacheStatus) -> None:
    """Note an outcome for the current request (a no-op outside `collect_outcomes`)."""
    outcomes = _outcomes.get()
    if outcomes is not None:
        outcomes.append(status)


@contextmanager
def collect_outcomes() -> Iterator[list[CacheStatus]]:
    """Collect the outcomes recorded inside the block (also from worker threads)."""
    outcomes: list[CacheStatus] = []
    token = _outcomes.set(outcomes)
    try:
        yield outcomes
    finally:
        _outcomes.reset(token)


def summarize(outcomes: Iterable[CacheStatus]) -> CacheStatus | None:
    """One status for a request: BYPASS beats MISS beats HIT; None if the cache was unused."""
    # solution: BYPASS beats MISS beats HIT; None when the cache was not used
    seen = set(outcomes)
    for status in (CacheStatus.BYPASS, CacheStatus.MISS, CacheStatus.HIT):
        if status in seen:
            return status
    return None
    # end solution


class CacheHeaderMiddleware:
    """Pure ASGI middleware: adds `X-Cache: HIT|MISS|BYPASS` when the request used the cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with an outcome collector; stamp the header on the response."""
        # solution: collect the request's outcomes and stamp X-Cache on the response's start
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with collect_outcomes() as outcomes:

            async def send_with_header(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status = summarize(outcomes)
                    if status is not None:
                        MutableHeaders(scope=message)[HEADER] = status.value
                await send(message)

            await self.app(scope, receive, send_with_header)
        # end solution
