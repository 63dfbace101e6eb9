"""Building answers: JSON with its ETag, 201 with Location, 204, and the Accept check (406).

The API speaks one media type, `application/json` (errors: `application/problem+json`). A
client whose Accept header rules JSON out gets 406 before any work is done; no Accept header,
`*/*` or `application/*` are fine.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from werkzeug.exceptions import NotAcceptable

from day11_rest_library.conditional import REVALIDATE, etag_of
from day11_rest_library.representations import json_bytes

JSON = "application/json"


def json_response(data: Any, status: int = 200, *, location: str | None = None) -> Response:
    """`data` as JSON with its strong ETag (and a Location header for a 201)."""
    body = json_bytes(data)
    response = Response(body, status=status, mimetype=JSON)
    response.headers["ETag"] = etag_of(body)
    response.headers["Cache-Control"] = REVALIDATE
    if location is not None:
        response.headers["Location"] = location
    return response


def no_content() -> Response:
    """204 No Content: no body, so no media type either."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


def require_json_accepted() -> None:
    """406 unless the request's Accept header allows application/json (run before each route)."""
    # solution: raise NotAcceptable when an Accept header is sent and allows no JSON
    if request.method == "OPTIONS" or "Accept" not in request.headers:
        return
    if request.accept_mimetypes.best_match([JSON]) is None:
        sent = request.headers.get("Accept", "")[:100]
        raise NotAcceptable(f"This API answers in {JSON} only; the Accept header was {sent!r}.")
    # end solution
