"""Day 7's errors, and the one place database errors become HTTP answers.

Routes never catch database exceptions. A unique or foreign-key violation
(`IntegrityError`) is a 409 and a value the database refuses (`DataError`) a 422, both
mapped here; a database that cannot be reached (`OperationalError`) is a 503.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from shared.fastapi_problems import problem_response

logger = logging.getLogger(__name__)


class Day07Error(Exception):
    """Base class of every error day 7 raises on purpose."""


class ProjectNotFoundError(Day07Error):
    """No project has the requested id (HTTP 404)."""

    def __init__(self, project_id: int) -> None:
        super().__init__(f"Project {project_id} does not exist.")
        self.project_id = project_id


class TagNotFoundError(Day07Error):
    """No tag has the requested name (HTTP 404)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Tag {name!r} does not exist.")
        self.name = name


class TaskNotInProjectError(Day07Error):
    """The task exists but belongs to another project, or to none (HTTP 404)."""

    def __init__(self, *, task_id: int, project_id: int) -> None:
        super().__init__(f"Task {task_id} is not in project {project_id}.")
        self.task_id = task_id
        self.project_id = project_id


class NameTakenError(Day07Error):
    """A project or tag with this name exists already; names are unique (HTTP 409)."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"A {kind} named {name!r} already exists.")
        self.kind = kind
        self.name = name


ERROR_STATUS: dict[type[Exception], int] = {
    ProjectNotFoundError: 404,
    TagNotFoundError: 404,
    TaskNotInProjectError: 404,
    NameTakenError: 409,
}

CONFLICT_DETAIL = (
    "The change conflicts with data already stored: a uniqueness or reference rule of the "
    "database refused it."
)
DATA_DETAIL = "The database refused a value in the request as invalid."
UNAVAILABLE_DETAIL = (
    "The database is unavailable. Check DATABASE_URL and that the server is running."
)


def install_database_error_handlers(app: FastAPI) -> None:
    """Map SQLAlchemy's errors to problem+json: integrity 409, data 422, unreachable 503."""
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _operational_error)


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # The raw message names tables and values: log it, never send it to the client.
    logger.info("integrity error on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(409, CONFLICT_DETAIL)


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    logger.info("data error on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(422, DATA_DETAIL)


async def _operational_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(503, UNAVAILABLE_DETAIL)
