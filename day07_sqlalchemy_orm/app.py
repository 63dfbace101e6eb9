"""The app factory: day 4's task API on SQLAlchemy, plus the project and tag routers.

`create_app(settings, extra_routers=...)` builds the engine and sessionmaker from the
settings and keeps them on `app.state` (never module globals), includes day 4's `router`
unchanged, and swaps day 4's storage for SQL with one dependency override. Later days add
their routers with `extra_routers` (or `app.include_router` on the returned app).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from day04_fastapi_tasks import (
    TaskNotFoundError,
    get_repository,
    install_allow_header,
    install_docs,
)
from day04_fastapi_tasks import router as tasks_router
from day07_sqlalchemy_orm.config import Settings
from day07_sqlalchemy_orm.db import create_engine_from_url, make_session_factory
from day07_sqlalchemy_orm.deps import get_task_repository
from day07_sqlalchemy_orm.errors import ERROR_STATUS, install_database_error_handlers
from day07_sqlalchemy_orm.migrate import upgrade
from day07_sqlalchemy_orm.routes._docs import APP_WIDE
from day07_sqlalchemy_orm.routes.projects import router as projects_router
from day07_sqlalchemy_orm.routes.tags import router as tags_router
from shared.fastapi_problems import install_problem_handlers

logger = logging.getLogger(__name__)

TITLE = "Task API on SQLAlchemy"
DESCRIPTION = "Day 4's tasks stored with SQLAlchemy 2, plus projects and tags (day 7)."


def create_app(
    settings: Settings | None = None, *, extra_routers: Sequence[APIRouter] = ()
) -> FastAPI:
    """Build the API on the database `settings.database_url` names."""
    settings = settings or Settings()
    engine = create_engine_from_url(settings.database_url, echo=settings.day07_echo_sql)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.day07_migrate_on_startup:
            upgrade(settings.database_url)
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title=TITLE,
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        responses={**APP_WIDE},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    for router in (tasks_router, projects_router, tags_router, *extra_routers):
        app.include_router(router)
    app.dependency_overrides[get_repository] = get_task_repository
    install_problem_handlers(app, {TaskNotFoundError: 404, **ERROR_STATUS})
    install_database_error_handlers(app)
    install_allow_header(app)
    install_docs(app)
    return app
