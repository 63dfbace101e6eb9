"""The app factory: the engine and sessions, the runner (chosen at start-up), the routes.

`create_app(settings, runner=None)`: without a runner, the lifespan builds Celery's when a
broker is configured (`REDIS_URL` / `Settings(redis_url=...)`) and the in-process one
otherwise, and logs which. Tests pass their own settings (a SQLite file, a queue of their own).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day04_fastapi_tasks import install_allow_header, install_docs
from day07_sqlalchemy_orm import (
    create_engine_from_url,
    install_database_error_handlers,
    make_session_factory,
)
from day13_background_tasks.config import Settings
from day13_background_tasks.errors import ERROR_STATUS
from day13_background_tasks.models import create_tables
from day13_background_tasks.processing import Processor
from day13_background_tasks.routes import router
from day13_background_tasks.runners import CeleryRunner, InProcessRunner, Runner
from shared.fastapi_problems import install_problem_handlers, problem_responses

logger = logging.getLogger(__name__)


def build_runner(settings: Settings, sessions: sessionmaker[Session]) -> Runner:
    """Celery when a broker is configured, else a thread pool of this process."""
    # solution: a CeleryRunner when settings.redis_url is set, else an InProcessRunner
    if settings.redis_url:
        return CeleryRunner(settings)
    processor = Processor.from_settings(settings, sessions)
    return InProcessRunner(processor, threads=settings.day13_threads)
    # end solution


def create_app(settings: Settings | None = None, *, runner: Runner | None = None) -> FastAPI:
    """Build the uploads API; `runner` replaces the one the settings would choose."""
    settings = settings or Settings()
    engine = create_engine_from_url(settings.database_url)
    sessions = make_session_factory(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_prepare, engine, settings)
        active = runner or build_runner(settings, sessions)
        app.state.runner = active
        logger.info("background runner: %s", active.description)
        try:
            yield
        finally:
            if runner is None:
                await run_in_threadpool(active.close)
            engine.dispose()

    app = FastAPI(
        title="Uploads processed in the background",
        version="1.0.0",
        summary="CSV files uploaded, then reported on by day 1's analyser in the background.",
        lifespan=lifespan,
        docs_url=None,  # day 4's offline Swagger UI instead
        redoc_url=None,
        responses=problem_responses({503: "The database cannot be reached."}),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    install_problem_handlers(app, ERROR_STATUS)
    install_database_error_handlers(app)
    app.include_router(router)
    install_allow_header(app)
    install_docs(app)
    return app


def _prepare(engine: Engine, settings: Settings) -> None:
    create_tables(engine)
    settings.day13_upload_dir.mkdir(parents=True, exist_ok=True)
