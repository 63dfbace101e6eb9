"""One registered set of FastAPI exception handlers that answer in problem+json (RFC 9457).

Routes raise HTTPException or a domain error; this module turns both, and request validation
errors, into the same body shape (STYLE.md 25-26). Imported only by FastAPI days.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.problems import PROBLEM_JSON, problem_body


def problem_response(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extensions: Any
) -> JSONResponse:
    """A JSONResponse carrying a problem body with the problem+json media type."""
    return JSONResponse(
        jsonable_encoder(problem_body(status, detail, **extensions)),
        status_code=status,
        headers=dict(headers or {}),
        media_type=PROBLEM_JSON,
    )


def install_problem_handlers(
    app: FastAPI, errors: Mapping[type[Exception], int] | None = None
) -> None:
    """Register handlers: HTTP errors, validation errors and each domain error type -> status."""

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(exc.status_code, str(exc.detail), headers=exc.headers)

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = [
            {"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]}
            for err in exc.errors()
        ]
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in problems)
        return problem_response(422, f"Invalid request: {fields}.", errors=problems)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for error_type, status in (errors or {}).items():
        app.add_exception_handler(error_type, _domain_handler(status))


def _domain_handler(status: int) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(status, str(exc))

    return handle
