"""RFC 9457 problem details: the one error-body shape every HTTP day uses."""

from __future__ import annotations

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
