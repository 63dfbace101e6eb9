"""The capstone's errors, one class per answer, and the handlers that answer them.

Routes and services raise these; `install_error_handlers` maps each to its status as
problem+json (RFC 9457). 401 carries `WWW-Authenticate: Bearer`, 429 carries `Retry-After`.
Messages never contain a password, a hash or a token.
"""

from __future__ import annotations

import math

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from shared.fastapi_problems import install_problem_handlers, problem_response


class Day20Error(Exception):
    """Base of every error the capstone answers on purpose."""


class NotAuthenticated(Day20Error):
    """No valid access token: missing, malformed, expired, tampered or revoked (401)."""


class Forbidden(Day20Error):
    """Authenticated, but this route is for admins (403)."""


class NotFound(Day20Error):
    """No such object *of this user*: another user's id is answered the same way (404)."""


class Conflict(Day20Error):
    """The email, project or tag name is taken (409)."""


class PreconditionFailed(Day20Error):
    """If-Match names a version that is no longer current (412)."""


class WeakPassword(Day20Error):
    """The password breaks the policy (422)."""


class InvalidInput(Day20Error):
    """A value the schema cannot express is wrong: an email, a cursor, a CSV file (422)."""


class PayloadTooLarge(Day20Error):
    """The body is larger than the route allows (413)."""


class Throttled(Day20Error):
    """Too many attempts: try again after `retry_after` seconds (429)."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueueUnavailable(Day20Error):
    """The job could not be handed to the background runner (503)."""


ERROR_STATUS: dict[type[Exception], int] = {
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    PayloadTooLarge: 413,
    WeakPassword: 422,
    InvalidInput: 422,
    QueueUnavailable: 503,
}


def install_error_handlers(app: FastAPI) -> None:
    """Register the problem+json handlers, with the headers 401 and 429 need."""

    async def unauthenticated(request: Request, exc: Exception) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"}
        return problem_response(401, str(exc), headers=headers)

    async def throttled(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Throttled)
        headers = {"Retry-After": str(max(1, math.ceil(exc.retry_after)))}
        return problem_response(429, str(exc), headers=headers)

    install_problem_handlers(app, ERROR_STATUS)
    app.add_exception_handler(NotAuthenticated, unauthenticated)
    app.add_exception_handler(Throttled, throttled)
