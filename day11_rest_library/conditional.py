"""Conditional requests (RFC 9110 section 13): ETags, 304 Not Modified, 412 and 428.

- Every representation carries a strong `ETag`: a hash of its exact bytes.
- `GET` with `If-None-Match` naming the current ETag answers 304 with no body: the client's
  copy is still good, and nothing is sent again.
- `PUT`, `PATCH` and `DELETE` with `If-Match` are made only if the resource still has that
  ETag; otherwise 412, and the client must GET it again. That prevents the lost update: two
  clients read version A, the first writes B, the second (still holding A) is refused instead
  of silently overwriting B.
- With `REQUIRE_IF_MATCH` on, a change without If-Match is refused with 428.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request

from day11_rest_library.errors import PreconditionFailedError, PreconditionRequiredError

REVALIDATE = "no-cache"  # caches may keep a copy, but must check its ETag with us before use


def etag_of(body: bytes) -> str:
    """The strong ETag of a representation: a quoted hash of its bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def check_if_match(current_body: bytes) -> None:
    """Before a change: 428 if If-Match is required and missing, 412 if it names another ETag."""
    # solution: 428 when required and absent; 412 unless If-Match is * or holds the current ETag
    header = request.headers.get("If-Match")
    if header is None:
        if current_app.config["REQUIRE_IF_MATCH"]:
            raise PreconditionRequiredError(
                "This server requires If-Match on changes: GET the resource and send its ETag."
            )
        return
    if not request.if_match.contains(etag_of(current_body).strip('"')):  # strong comparison
        raise PreconditionFailedError(
            "The resource changed since you read it (If-Match does not match its ETag): "
            "GET it again and reapply your change."
        )
    # end solution


def finish_conditional_get(response: Response) -> Response:
    """After a GET or HEAD: tag a 200 with its ETag, and turn it into a 304 if the client has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.direct_passthrough:
        return response  # a file sent by Flask (Swagger UI's): it tags and revalidates those
    # solution: tag a body without an ETag; if If-None-Match holds it, answer 304 without a body
    etag = response.headers.get("ETag") or etag_of(response.get_data())
    response.headers["ETag"] = etag
    response.headers.setdefault("Cache-Control", REVALIDATE)
    if request.if_none_match.contains_weak(etag.strip('"')):  # weak comparison for GET
        not_modified = Response(status=304)
        del not_modified.headers["Content-Type"]
        not_modified.headers["ETag"] = etag
        not_modified.headers["Cache-Control"] = response.headers["Cache-Control"]
        return not_modified
    return response
    # end solution
