"""The day's errors and the HTTP status each one is answered with (problem+json).

Routes raise; the handlers registered by `install_error_handlers` answer. Conflicts that the
database decides (a taken ISBN or name, an author who still has books) arrive as
`IntegrityError` and are turned into `ConflictError` by the repository, where it knows which
rule was broken; `OperationalError` (database down or locked for too long) is a 503.
"""

from __future__ import annotations

import logging

from flask import Flask, Response
from sqlalchemy.exc import OperationalError

from shared.cli import CourseError
from shared.flask_problems import install_problem_handlers, problem_response

logger = logging.getLogger(__name__)


class Day11Error(CourseError):
    """Base class of every error the library API raises on purpose."""


class NotFoundError(Day11Error, LookupError):
    """No resource has the requested id (HTTP 404)."""

    def __init__(self, kind: str, resource_id: int) -> None:
        super().__init__(f"No {kind} has the id {resource_id}.")


class ConflictError(Day11Error):
    """The change conflicts with the current state of the resources (HTTP 409)."""


class PreconditionFailedError(Day11Error):
    """If-Match names a version the resource no longer has (HTTP 412)."""


class PreconditionRequiredError(Day11Error):
    """A change came without If-Match on a server that requires it (HTTP 428)."""


STATUSES: dict[type[Exception], int] = {
    NotFoundError: 404,
    ConflictError: 409,
    PreconditionFailedError: 412,
    PreconditionRequiredError: 428,
}


def install_error_handlers(app: Flask) -> None:
    """problem+json for werkzeug's HTTP errors, 422s, the day's errors and database outages."""
    install_problem_handlers(app, errors=STATUSES)
    app.register_error_handler(OperationalError, _database_unavailable)


def _database_unavailable(exc: OperationalError) -> Response:
    logger.warning("database unavailable: %s", exc.orig)
    return problem_response(503, "The database is unavailable or busy; try again shortly.")
