"""The app factory: day 7's task API with day 8's /reports router added.

`create_app(settings)` composes instead of copying: day 7's `create_app(settings,
extra_routers=[router], lifespan=...)` builds the engine, sessions, task/project/tag routes
and error handlers; day 8 adds one handler (invalid filters are a 422) and, when asked, a
start-up step (in day 7's lifespan) that creates the schema the reports need.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from day07_sqlalchemy_orm import Lifespan
from day07_sqlalchemy_orm import create_app as create_task_app
from day08_reports.config import Settings
from day08_reports.errors import Day08Error
from day08_reports.routes import router
from day08_reports.schema import create_schema
from shared.fastapi_problems import problem_response

TITLE = "Task API with reports"
DESCRIPTION = (
    "Day 7's tasks, projects and tags on SQLAlchemy, plus reports computed in the database "
    "(day 8): completions, completion rate, overdue tasks, time to complete, inventory value "
    "and low stock. Every report answers JSON, or CSV with `Accept: text/csv`."
)


def create_app(
    settings: Settings | None = None,
    *,
    reports_router: APIRouter = router,
    session_factory: sessionmaker[Session] | None = None,
    lifespan: Lifespan | None = None,
) -> FastAPI:
    """Build the API with reports on the database `settings.database_url` names.

    `reports_router` lets a later day serve its own variant of the /reports routes (day 10
    serves a cached copy) and still get everything else this factory sets up;
    `session_factory` and `lifespan` go to day 7's factory (a later day's start-up work runs
    after day 8's).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        if settings.day08_create_schema_on_startup:
            await run_in_threadpool(create_schema, settings.database_url)
        if lifespan is None:
            yield
        else:
            async with lifespan(app):
                yield

    app = create_task_app(
        settings, extra_routers=[reports_router], session_factory=session_factory, lifespan=run
    )
    app.title = TITLE
    app.description = DESCRIPTION
    app.add_exception_handler(Day08Error, _filter_error)
    return app


async def _filter_error(request: Request, exc: Exception) -> JSONResponse:
    # The CLI prints the message as an `error:` line; an HTTP detail is a sentence.
    message = str(exc)
    return problem_response(422, f"{message[:1].upper()}{message[1:]}.")
