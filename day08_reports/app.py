"""The app factory: day 7's task API with day 8's /reports router added.

`create_app(settings)` composes instead of copying: day 7's `create_app(settings,
extra_routers=[router])` builds the engine, sessions, task/project/tag routes and error
handlers; day 8 adds one handler (invalid filters are a 422) and, when asked, a lifespan
step that creates the schema the reports need.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

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


def create_app(settings: Settings | None = None, *, reports_router: APIRouter = router) -> FastAPI:
    """Build the API with reports on the database `settings.database_url` names.

    `reports_router` lets a later day serve its own variant of the /reports routes (day 10
    serves a cached copy) and still get everything else this factory sets up.
    """
    settings = settings or Settings()
    app = create_task_app(settings, extra_routers=[reports_router])
    app.title = TITLE
    app.description = DESCRIPTION
    app.add_exception_handler(Day08Error, _filter_error)
    if settings.day08_create_schema_on_startup:
        _create_schema_first(app, settings.database_url)
    return app


async def _filter_error(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(422, str(exc))


def _create_schema_first(app: FastAPI, url: str) -> None:
    """Run `create_schema(url)` before day 7's own lifespan starts."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(create_schema, url)
        async with inner(app):
            yield

    app.router.lifespan_context = lifespan
