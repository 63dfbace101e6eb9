"""The app factory: engine and sessions, migrations, hasher, limiter, cache, runner, routes.

`create_app(settings, session_factory=None, runner=None)`. What it chooses from the settings
(`describe(settings)` says it in one line each): SQLite or PostgreSQL from DATABASE_URL;
with REDIS_URL, day 10's cache, Redis rate limits and Celery (beat sweeps overdue tasks);
without it, no cache, in-memory limits, day 13's in-process runner and a sweep timer.
Tests pass the kit's SAVEPOINT sessions.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import redis
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from day04_fastapi_tasks import install_allow_header, install_docs
from day07_sqlalchemy_orm import (
    create_engine_from_url,
    install_database_error_handlers,
    make_session_factory,
)
from day10_redis_cache import CacheHeaderMiddleware
from day13_background_tasks import Runner
from day16_logging import instrument_asgi
from day20_capstone.bodylimit import BodyLimitMiddleware
from day20_capstone.caching import UserCache
from day20_capstone.config import Settings
from day20_capstone.errors import install_error_handlers
from day20_capstone.migrate import upgrade
from day20_capstone.passwords import Hasher
from day20_capstone.periodic import PeriodicTimer
from day20_capstone.ratelimit import Limiter, MemoryLimiter, RedisLimiter
from day20_capstone.reminders import sweep
from day20_capstone.routes import admin, auth, jobs, projects, reminders, tasks, users
from day20_capstone.seed import seed_demo
from day20_capstone.seed_account import DEMO_EMAIL
from day20_capstone.worker import build_cache, build_runner
from shared.fastapi_problems import problem_responses
from shared.services import redact

logger = logging.getLogger(__name__)


def describe(settings: Settings) -> list[str]:
    """What this configuration runs on, one line each (printed at start-up)."""
    url = make_url(settings.database_url)
    database = (
        f"SQLite at {url.database}"
        if url.get_backend_name() == "sqlite"
        else f"PostgreSQL at {redact(settings.database_url)}"
    )
    if settings.redis_url:
        where = redact(settings.redis_url)
        return [
            f"database: {database}",
            f"background jobs: Celery on {where} (start workers: python -m day20_capstone worker)",
            f"rate limits: in Redis at {where} (shared by every API process)",
            f"cache: on, in Redis at {where}",
            "overdue sweep: "
            + _sweep_line(settings, "Celery beat (run one: python -m day20_capstone beat)"),
        ]
    return [
        f"database: {database}",
        "background jobs: in-process runner (threads of this process; set REDIS_URL for Celery)",
        "rate limits: in memory (this process only)",
        "cache: off (set REDIS_URL to cache task lists and stats)",
        f"overdue sweep: {_sweep_line(settings, 'a timer of this process')}",
    ]


def _sweep_line(settings: Settings, by: str) -> str:
    every = settings.day20_sweep_seconds
    return f"every {every:g} s, by {by}" if every else "off (DAY20_SWEEP_SECONDS=0)"


def build_limiter(settings: Settings) -> Limiter:
    """Redis windows when REDIS_URL is set, else this process's memory."""
    if not settings.redis_url:
        return MemoryLimiter()
    client = redis.Redis.from_url(
        settings.redis_url, socket_timeout=0.2, socket_connect_timeout=0.2
    )
    return RedisLimiter(client, prefix=settings.day20_key_prefix)


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    runner: Runner | None = None,
) -> FastAPI:
    """Build the Task Manager API; `session_factory` and `runner` replace what settings choose."""
    settings = settings or Settings()
    engine = create_engine_from_url(settings.database_url)
    sessions = session_factory or make_session_factory(engine)
    cache = build_cache(settings)
    hasher = Hasher(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if session_factory is None and settings.day20_migrate_on_start:
            await run_in_threadpool(upgrade, settings.database_url)
        if settings.day20_seed_demo and settings.day20_environment == "development":
            if await run_in_threadpool(
                seed_demo, sessions, hasher, min_length=settings.day20_password_min_length
            ):
                logger.info("demo account created: %s", DEMO_EMAIL)
        active = runner or build_runner(settings, sessions, cache)
        app.state.runner = active
        cache.start_reader()
        logger.info("background runner: %s; %s", active.description, cache.description)
        timer = _sweep_timer(settings, sessions)
        try:
            yield
        finally:
            if timer is not None:
                await run_in_threadpool(timer.stop)
            if runner is None:
                await run_in_threadpool(active.close)
            await cache.stop_reader()
            cache.close()
            engine.dispose()

    app = FastAPI(
        title="Task Manager API",
        version="1.0.0",
        summary="Users, tasks, background jobs, a Redis cache: the course's capstone.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        responses=problem_responses(
            {
                400: "The body could not be parsed.",
                413: "The request body is too large.",
                503: "The database cannot be reached.",
            }
        ),
    )
    app.state.settings, app.state.sessions, app.state.engine = settings, sessions, engine
    app.state.cache, app.state.hasher, app.state.limiter = cache, hasher, build_limiter(settings)
    install_error_handlers(app)
    install_database_error_handlers(app)
    for module in (auth, users, tasks, projects, jobs, reminders, admin):
        app.include_router(module.router)
    install_allow_header(app)
    install_docs(app)
    app.add_middleware(CacheHeaderMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.day20_max_body_bytes,
        per_path={"/jobs/import": settings.day20_max_upload_bytes + 4096},
    )
    instrument_asgi(app, ready_checks=_ready_checks(sessions, cache), service="day20")
    return app


def _sweep_timer(settings: Settings, sessions: sessionmaker[Session]) -> PeriodicTimer | None:
    """The in-process overdue sweep (no Redis; with Redis, Celery beat sweeps), if enabled."""
    if settings.redis_url or not settings.day20_sweep_seconds:
        return None
    timer = PeriodicTimer(
        settings.day20_sweep_seconds, functools.partial(sweep, sessions), name="overdue sweep"
    )
    logger.info("overdue sweep: every %g s in this process", settings.day20_sweep_seconds)
    return timer.start()


def _ready_checks(
    sessions: sessionmaker[Session], cache: UserCache
) -> dict[str, Callable[[], object]]:
    """What /readyz asks: the database answers; Redis too, when the cache uses it."""

    def database() -> object:
        with sessions() as session:
            return session.execute(text("SELECT 1")).scalar_one()

    checks: dict[str, Callable[[], object]] = {"database": database}
    if cache.cache is not None:
        redis_cache = cache.cache
        checks["redis"] = lambda: redis_cache.client.ping()
    return checks
