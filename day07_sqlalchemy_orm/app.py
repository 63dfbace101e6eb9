"""The app factory: day 4's task API on SQLAlchemy, plus the project and tag routers.

`create_app(settings, extra_routers=..., session_factory=..., lifespan=...)` builds the
engine and sessionmaker from the settings and keeps them on `app.state` (never module
globals), includes day 4's `router` (its read route replaced by one that shows a task's
project and tags), and swaps day 4's storage for SQL with one dependency override. Later days
add routers with `extra_routers`, start-up work with `lifespan`, and tests pass a
`session_factory` whose sessions join a transaction that is rolled back after the test.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker

from day04_fastapi_tasks import (
    TaskNotFoundError,
    get_repository,
    install_allow_header,
    install_docs,
)
from day04_fastapi_tasks import router as day04_tasks_router
from day07_sqlalchemy_orm.config import Settings
from day07_sqlalchemy_orm.db import create_engine_from_url, make_session_factory
from day07_sqlalchemy_orm.deps import get_task_repository
from day07_sqlalchemy_orm.errors import ERROR_STATUS, install_database_error_handlers
from day07_sqlalchemy_orm.migrate import upgrade
from day07_sqlalchemy_orm.routes._docs import APP_WIDE
from day07_sqlalchemy_orm.routes.projects import router as projects_router
from day07_sqlalchemy_orm.routes.tags import router as tags_router
from day07_sqlalchemy_orm.routes.tasks import router as tasks_router
from shared.fastapi_problems import install_problem_handlers

logger = logging.getLogger(__name__)

TITLE = "Task API on SQLAlchemy"
DESCRIPTION = "Day 4's tasks stored with SQLAlchemy 2, plus projects and tags (day 7)."

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(
    settings: Settings | None = None,
    *,
    extra_routers: Sequence[APIRouter] = (),
    session_factory: sessionmaker[Session] | None = None,
    lifespan: Lifespan | None = None,
) -> FastAPI:
    """Build the API on the database `settings.database_url` names.

    `session_factory` replaces the sessionmaker built on the app's engine (tests bind it to
    a rolled-back transaction); `lifespan` runs inside day 7's, after the optional migration.
    """
    settings = settings or Settings()
    engine = create_engine_from_url(settings.database_url, echo=settings.day07_echo_sql)

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        if settings.day07_migrate_on_startup:
            upgrade(settings.database_url)
        try:
            if lifespan is None:
                yield
            else:
                async with lifespan(app):
                    yield
        finally:
            engine.dispose()

    app = FastAPI(
        title=TITLE,
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=run,
        responses={**APP_WIDE},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory or make_session_factory(engine)
    app.state.session_info = {}  # copied into every request's Session.info (deps.get_session)
    tasks = _replace_routes(day04_tasks_router, tasks_router)
    for router in (tasks, projects_router, tags_router, *extra_routers):
        app.include_router(router)
    app.dependency_overrides[get_repository] = get_task_repository
    install_problem_handlers(app, {TaskNotFoundError: 404, **ERROR_STATUS})
    install_database_error_handlers(app)
    install_allow_header(app)
    install_docs(app)
    return app


def _replace_routes(source: APIRouter, replacements: APIRouter) -> APIRouter:
    """`source`'s routes in order, each one `replacements` serves (same path and method) swapped."""
    by_key = {_key(route): route for route in replacements.routes if isinstance(route, APIRoute)}
    combined = APIRouter()
    for route in source.routes:
        replaced = by_key.get(_key(route), route) if isinstance(route, APIRoute) else route
        combined.routes.append(replaced)
    return combined


def _key(route: APIRoute) -> tuple[str, frozenset[str]]:
    return route.path, frozenset(route.methods or ())
