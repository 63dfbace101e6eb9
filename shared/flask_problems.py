"""One registered set of Flask error handlers that answer in problem+json (RFC 9457).

Werkzeug's HTTP errors (404, 405, 415, ...) and each domain error type become the same body
shape the FastAPI days use. Imported only by Flask days.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from shared.problems import PROBLEM_JSON, problem_body


def problem_response(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extensions: Any
) -> Response:
    """A Flask response carrying a problem body with the problem+json media type."""
    body = json.dumps(problem_body(status, detail, **extensions), default=str)
    response = Response(body, status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def install_problem_handlers(
    app: Flask, errors: Mapping[type[Exception], int] | None = None
) -> None:
    """Register handlers: every werkzeug HTTPException and each domain error type -> status."""

    def http_error(exc: HTTPException) -> Response:
        headers = dict(exc.get_headers())
        return problem_response(exc.code or 500, exc.description or "", headers=headers)

    app.register_error_handler(HTTPException, http_error)
    for error_type, status in (errors or {}).items():
        app.register_error_handler(error_type, _domain_handler(status))


def _domain_handler(status: int) -> Callable[[Exception], Response]:
    def handle(exc: Exception) -> Response:
        return problem_response(status, str(exc))

    return handle
