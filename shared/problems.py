"""RFC 9457 problem details: the one error-body shape every HTTP day uses.

A 422 adds `errors`, one `{"field": ..., "message": ...}` per invalid input, in Flask and in
FastAPI alike: `field` is where the client put the value (`year`, `body.title`, `query.page`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

PROBLEM_JSON = "application/problem+json"


def problem_body(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    **extensions: Any,
) -> dict[str, Any]:
    """Build a problem+json body; `title` defaults to the status code's reason phrase."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update(extensions)
    return body


@dataclass(frozen=True)
class FieldError:
    """One problem with one named input: `field` is a JSON key, a path or a query parameter."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field} {self.message}"


class FieldValidationError(Exception):
    """Well-formed input with wrong values (HTTP 422); `errors` names each field and why.

    The problem handlers of shared.flask_problems and shared.fastapi_problems answer it with
    `validation_body`, so a day only raises it (or a subclass).
    """

    def __init__(self, errors: Sequence[FieldError], *, detail: str | None = None) -> None:
        self.errors = list(errors)
        super().__init__(detail or "Invalid input: " + "; ".join(map(str, self.errors)) + ".")


def validation_body(errors: Iterable[FieldError], detail: str, **extensions: Any) -> dict[str, Any]:
    """The 422 problem body: `errors` lists `{"field", "message"}` objects (plus `extensions`)."""
    listed = [{"field": e.field, "message": e.message} for e in errors]
    return problem_body(422, detail, errors=listed, **extensions)
