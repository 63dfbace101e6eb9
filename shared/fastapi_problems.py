"""One registered set of FastAPI exception handlers that answer in problem+json (RFC 9457).

Routes raise HTTPException, FieldValidationError or a domain error; this module turns them,
and request validation errors, into the same body shape (STYLE.md 25-26) that the Flask days
use: a 422 lists `errors: [{"field": "body.title", "message": ...}]`. `Problem` documents that
body in OpenAPI (`responses=problem_responses({404: "No task has this id."})`). Imported only
by FastAPI days.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.problems import (
    PROBLEM_JSON,
    FieldError,
    FieldValidationError,
    problem_body,
    validation_body,
)

_UNKNOWN = object()  # the input at this point of a `loc` is not known

# Inlined rather than a $ref: day READMEs and tests embed Problem's schema in `responses=`,
# where a pydantic "#/$defs/..." reference would point nowhere.
_FIELD_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "For 422: one entry per invalid input.",
    "items": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string", "description": "Where the value was sent: body.title."},
            "message": {"type": "string", "description": "What is wrong with it."},
        },
    },
}


class FieldProblem(BaseModel):
    """One entry of a 422's `errors`; FastAPI days add pydantic's `loc`, `msg` and `type`."""

    model_config = ConfigDict(extra="allow")

    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem body, as every error of every HTTP day is answered."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: Annotated[list[FieldProblem] | None, WithJsonSchema(_FIELD_ERRORS_SCHEMA)] = Field(None)


def problem_responses(descriptions: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries: each status answered as application/problem+json."""
    schema = Problem.model_json_schema()
    return {
        status: {"description": text, "content": {PROBLEM_JSON: {"schema": schema}}}
        for status, text in descriptions.items()
    }


def problem_response(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extensions: Any
) -> JSONResponse:
    """A JSONResponse carrying a problem body with the problem+json media type."""
    return _json(problem_body(status, detail, **extensions), status, headers)


def install_problem_handlers(
    app: FastAPI, errors: Mapping[type[Exception], int] | None = None
) -> None:
    """Register handlers: HTTP errors, validation errors and each domain error type -> status."""

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(exc.status_code, str(exc.detail), headers=exc.headers)

    async def request_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return validation_response(exc, request)

    async def fields_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, FieldValidationError)
        return _json(validation_body(exc.errors, str(exc)), 422)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, request_invalid)
    app.add_exception_handler(FieldValidationError, fields_invalid)
    for error_type, status in (errors or {}).items():
        app.add_exception_handler(error_type, _domain_handler(status))


def validation_response(exc: RequestValidationError, request: Request) -> JSONResponse:
    """The 422 answer to a RequestValidationError, each field named as the client sent it.

    Each entry keeps pydantic's own `loc`, `msg` and `type` (older clients read them; `loc`
    may hold a union's internal tag) beside the shared `field` and `message`.
    """
    raw = list(exc.errors())
    fields = [FieldError(client_path(e, exc, request), _message(e)) for e in raw]
    detail = "Invalid input: " + "; ".join(f"{f.field}: {f.message}" for f in fields) + "."
    body = validation_body(fields, detail)
    for entry, error in zip(body["errors"], raw, strict=True):
        entry.update(loc=list(error["loc"]), msg=error["msg"], type=error["type"])
    return _json(body, 422)


def client_path(error: Mapping[str, Any], exc: RequestValidationError, request: Request) -> str:
    """The dotted path of an invalid value as the client sent it: `body.items.3.title`.

    pydantic's `loc` also names things the client never wrote: a tagged union's tag
    (`body.activity.user_id`) or a union member (`body.v.int`). Walking the input along `loc`
    tells them apart: an index is always kept, and a name only if the input has that key (or
    it is the missing field the error is about). Without the input (a day raised the error
    itself, with no `body=`), `loc` is trusted as it is.
    """
    where, *rest = error["loc"]
    if error["type"] == "json_invalid":  # the int after "body" is a character position
        return str(where)
    current: Any = _inputs(exc, request).get(where, _UNKNOWN)
    if where == "body" and current is None:
        current = _UNKNOWN
    path = [str(where)]
    if where != "body" and rest:  # a parameter's name is never a tag; its value is no container
        path.append(str(rest[0]))
        current, rest = None, rest[1:]
    for position, part in enumerate(rest):
        if current is _UNKNOWN:
            path.append(str(part))
        elif isinstance(part, int):
            path.append(str(part))
            current = current[part] if _has_index(current, part) else _UNKNOWN
        elif isinstance(current, Mapping) and part in current:
            path.append(part)
            current = current[part]
        elif position == len(rest) - 1 and error["type"] == "missing":
            path.append(part)
        # anything else is a tag or a union member's name: not something the client wrote
    return ".".join(path)


def _inputs(exc: RequestValidationError, request: Request) -> dict[str, Any]:
    """What the client sent, by pydantic's first `loc` element."""
    return {"body": exc.body, "query": request.query_params, "path": request.path_params}


def _has_index(value: Any, index: int) -> bool:
    return isinstance(value, list) and 0 <= index < len(value)  # JSON arrays decode as lists


def _message(error: Mapping[str, Any]) -> str:
    """pydantic's message without its "Value error, " prefix; JSON errors say what broke."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "json_invalid" and "error" in error.get("ctx", {}):
        message = f"{message}: {error['ctx']['error']}"
    return message


def _domain_handler(status: int) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(status, str(exc))

    return handle


def _json(
    body: dict[str, Any], status: int, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        jsonable_encoder(body),
        status_code=status,
        headers=dict(headers or {}),
        media_type=PROBLEM_JSON,
    )
