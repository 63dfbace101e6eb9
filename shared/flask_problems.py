"""One registered set of Flask error handlers that answer in problem+json (RFC 9457).

`install_problem_handlers(app, errors)` is the one call a Flask day makes: werkzeug's HTTP
errors (400, 404, 405, 413, 415, ...), `FieldValidationError` (422, with `errors`) and each
domain error type become the body shape the FastAPI days use. Routes read a JSON body with
`json_body()`, which raises the 415 and 400 those handlers render. Imported only by Flask days.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import BadRequest, HTTPException, UnsupportedMediaType

from shared.problems import PROBLEM_JSON, FieldValidationError, problem_body, validation_body

JSON = "application/json"


def problem_response(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extensions: Any
) -> Response:
    """A Flask response carrying a problem body with the problem+json media type."""
    return _response(problem_body(status, detail, **extensions), status, headers)


def validation_problem(exc: FieldValidationError) -> Response:
    """The 422 answer to a FieldValidationError: its message and one entry per field."""
    return _response(validation_body(exc.errors, str(exc)), 422)


def json_body() -> Any:
    """The request's decoded JSON body; 415 unless it is declared JSON, 400 unless it parses.

    Stricter than `request.get_json()`: a body nested too deep for the parser is a 400 too,
    where Flask's RecursionError would be a 500.
    """
    if request.mimetype != JSON:
        sent = f"not {request.mimetype!r}" if request.mimetype else "but none was sent"
        raise UnsupportedMediaType(f"Content-Type must be {JSON}, {sent}.")
    try:
        return json.loads(request.get_data(cache=False))
    except (ValueError, RecursionError) as exc:  # ValueError covers bad UTF-8 and huge numbers
        raise BadRequest(f"The request body is not valid JSON: {exc}.") from exc


def install_problem_handlers(
    app: Flask, errors: Mapping[type[Exception], int] | None = None
) -> None:
    """Register handlers: HTTP errors, FieldValidationError (422), each domain error -> status."""

    def http_error(exc: HTTPException) -> Response:
        headers = dict(exc.get_headers())
        return problem_response(exc.code or 500, exc.description or "", headers=headers)

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(FieldValidationError, validation_problem)
    for error_type, status in (errors or {}).items():
        app.register_error_handler(error_type, _domain_handler(status))


def _domain_handler(status: int) -> Callable[[Exception], Response]:
    def handle(exc: Exception) -> Response:
        return problem_response(status, str(exc))

    return handle


def _response(
    body: dict[str, Any], status: int, headers: Mapping[str, str] | None = None
) -> Response:
    # ensure_ascii (the default) writes any lone surrogate a client sent as an escape, so
    # echoing the client's input in a message can never fail to encode.
    response = Response(json.dumps(body, default=str), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
