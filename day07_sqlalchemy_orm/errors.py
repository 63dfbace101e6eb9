"""Day 7's errors, and the one place database errors become HTTP answers.

Routes never catch database exceptions. The repositories turn the violations they expect
into errors that say which rule refused the change (a taken name, a project that still has
tasks); any other unique or foreign-key violation (`IntegrityError`) is a 409 naming the kind
of rule and its column, and a value the database refuses (`DataError`) a 422, both mapped
here; a database that cannot be reached (or is locked for too long) is a 503.
"""

from __future__ import annotations

import logging
import re

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


class ProjectNotEmptyError(Day07Error):
    """The project still has tasks, so its foreign key refuses to delete it (HTTP 409)."""

    def __init__(self, project_id: int) -> None:
        super().__init__(
            f"Project {project_id} still has tasks: move them to another project or delete "
            "them first."
        )
        self.project_id = project_id


ERROR_STATUS: dict[type[Exception], int] = {
    ProjectNotFoundError: 404,
    TagNotFoundError: 404,
    TaskNotInProjectError: 404,
    NameTakenError: 409,
    ProjectNotEmptyError: 409,
}

CONFLICT_DETAIL = "The change conflicts with data already stored: {rule} refused it."
# What each kind of constraint means to a client. PostgreSQL names the constraint (our naming
# convention starts it with uq_, fk_, ck_, pk_); SQLite says "UNIQUE constraint failed: t.c".
RULES = {
    "uq": "the rule that {column} is unique",
    "pk": "the rule that {column} is unique",
    "fk": "a reference rule (a row must refer to a stored row, and a row others refer to stays)",
    "ck": "a check rule ({column})",
    "nn": "the rule that {column} is required",
}
_SQLITE_KINDS = {"UNIQUE": "uq", "FOREIGN KEY": "fk", "CHECK": "ck", "NOT NULL": "nn"}
_SQLITE_RULE = re.compile(r"(UNIQUE|FOREIGN KEY|CHECK|NOT NULL) constraint failed(?:: (\S+))?")


DATA_DETAIL = "The database refused a value in the request as invalid."
UNAVAILABLE_DETAIL = (
    "The database is unavailable. Check DATABASE_URL and that the server is running."
)


def install_database_error_handlers(app: FastAPI) -> None:
    """Map SQLAlchemy's errors to problem+json: integrity 409, data 422, unreachable 503."""
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _operational_error)


def describe_rule(exc: IntegrityError) -> str:
    """Which rule refused the change, in words: the kind of constraint and its column."""
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if isinstance(name, str):  # PostgreSQL: e.g. uq_projects_name on table projects
        kind, _, rest = name.partition("_")
        table = getattr(diag, "table_name", None) or ""
        column = f"{table}.{rest.removeprefix(table + '_')}" if table else rest
    else:  # SQLite: e.g. "UNIQUE constraint failed: projects.name"
        found = _SQLITE_RULE.search(str(exc.orig))
        kind = _SQLITE_KINDS[found.group(1)] if found else ""
        column = (found.group(2) or "") if found else ""
    template = RULES.get(kind, "a rule of the database ({column})")
    return template.format(column=column or "a column")


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # The raw message names values: log it, send the client only the rule that refused it.
    logger.info("integrity error on %s %s: %s", request.method, request.url.path, exc)
    rule = describe_rule(exc) if isinstance(exc, IntegrityError) else "a rule of the database"
    return problem_response(409, CONFLICT_DETAIL.format(rule=rule))


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    logger.info("data error on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(422, DATA_DETAIL)


async def _operational_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(503, UNAVAILABLE_DETAIL)
