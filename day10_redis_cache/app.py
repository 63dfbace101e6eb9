"""The app factory: day 7's task API plus day 8's /reports, behind a Redis cache.

Nothing is copied: `create_app` builds day 8's app (day 7's plus reports) with a cached copy
of day 8's report router (`reports_router`), swaps day 4's repository dependency for the
cached one, installs invalidation for the app's sessions, adds the X-Cache header middleware
and a start-up step (in day 7's lifespan) that checks Redis, closing it at shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from day04_fastapi_tasks import get_repository
from day08_reports import create_app as create_day08_app
from day08_reports import router as reports_router
from day10_redis_cache.breaker import CircuitBreaker
from day10_redis_cache.cache import RedisCache
from day10_redis_cache.config import Settings
from day10_redis_cache.deps import get_cached_task_repository
from day10_redis_cache.invalidation import REPORTS, TASKS, install_invalidation
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


def create_app(
    settings: Settings | None = None,
    *,
    cache: RedisCache | None = None,
    session_factory: sessionmaker[Session] | None = None,
) -> FastAPI:
    """Build the cached API; pass `cache` to inject one (e.g. with a test clock), and
    `session_factory` to replace day 7's (tests: sessions in a rolled-back transaction)."""
    settings = settings or Settings()
    owned = cache is None
    cache = cache if cache is not None else build_cache(settings)

    @asynccontextmanager
    async def check_redis(app: FastAPI) -> AsyncIterator[None]:
        if await anyio.to_thread.run_sync(cache.ping):  # down: one warning, and BYPASS
            logger.info("cache: Redis at %s, keys under %r", cache.address, cache.prefix)
        try:
            yield
        finally:
            if owned:
                cache.close()

    reports = cached_router(reports_router, cache, ttl=settings.day10_report_ttl)
    app = create_day08_app(
        settings, reports_router=reports, session_factory=session_factory, lifespan=check_redis
    )
    app.title = "Task API with a Redis cache"
    app.description = "Day 7's API with day 8's reports, cached in Redis (day 10)."
    app.state.cache = cache
    app.dependency_overrides[get_repository] = get_cached_task_repository
    install_invalidation(app.state.session_info, cache)
    app.add_middleware(CacheHeaderMiddleware)
    return app
