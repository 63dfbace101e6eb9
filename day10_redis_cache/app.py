"""The app factory: day 7's task API plus day 8's /reports, behind a Redis cache.

Nothing is copied: `create_app` builds day 8's app (day 7's plus reports) with a cached copy
of day 8's report router (`reports_router`), swaps day 4's repository dependency for the
cached one, hooks invalidation on the session factory, adds the X-Cache header middleware and
wraps the lifespan to check Redis at startup and close it at shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI

from day04_fastapi_tasks import get_repository
from day08_reports import create_app as create_day08_app
from day08_reports import router as reports_router
from day10_redis_cache.breaker import CircuitBreaker
from day10_redis_cache.cache import RedisCache
from day10_redis_cache.config import Settings
from day10_redis_cache.deps import get_cached_task_repository
from day10_redis_cache.invalidation import REPORTS, TASKS, invalidate_after_commit
from day10_redis_cache.outcome import CacheHeaderMiddleware
from day10_redis_cache.reports import cached_router

logger = logging.getLogger(__name__)


def build_cache(settings: Settings) -> RedisCache:
    """A RedisCache configured from the settings (no connection is made yet)."""
    return RedisCache.from_url(
        settings.redis_url,
        socket_timeout=settings.day10_socket_timeout,
        prefix=settings.day10_cache_prefix,
        ttl=settings.day10_task_ttl,
        jitter=settings.day10_ttl_jitter,
        lock_timeout=settings.day10_lock_timeout,
        namespaces=(TASKS, REPORTS),
        breaker=CircuitBreaker(retry_after=settings.day10_retry_after),
    )


def create_app(settings: Settings | None = None, *, cache: RedisCache | None = None) -> FastAPI:
    """Build the cached API; pass `cache` to inject one (e.g. with a test clock)."""
    settings = settings or Settings()
    owned = cache is None
    cache = cache if cache is not None else build_cache(settings)
    reports = cached_router(reports_router, cache, ttl=settings.day10_report_ttl)
    app = create_day08_app(settings, reports_router=reports)
    app.title = "Task API with a Redis cache"
    app.description = "Day 7's API with day 8's reports, cached in Redis (day 10)."
    app.state.cache = cache
    app.dependency_overrides[get_repository] = get_cached_task_repository
    invalidate_after_commit(app.state.session_factory, cache)
    app.add_middleware(CacheHeaderMiddleware)
    app.router.lifespan_context = _with_cache(app, settings, cache, owned=owned)
    return app


def _with_cache(app: FastAPI, settings: Settings, cache: RedisCache, *, owned: bool) -> Any:
    """Day 8's lifespan, plus a Redis check (one warning if down) at startup and closing the
    cache at shutdown."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Mapping[str, Any] | None]:
        async with inner(app) as state:
            if await anyio.to_thread.run_sync(cache.ping):
                logger.info("cache: Redis at %s, keys under %r", cache.address, cache.prefix)
            try:
                yield state
            finally:
                if owned:
                    cache.close()

    return lifespan
