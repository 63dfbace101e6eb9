"""The twin's HTTP plumbing, so its answers are day 11's: 406, 415, 413, 400, ETags, 304, 412, 428.

FastAPI gives none of these for free: its own body parsing would answer a bad body with
FastAPI's 422, so the twin reads the body itself (`body("BookCreate")`, a dependency) and
hands the decoded JSON to the app's validator, exactly as day 11's seam does. Accept and
ETag headers are parsed by werkzeug's functions, the ones Flask uses, so both apps read them
alike. Pages are written with their `next`/`prev` URLs built as Flask's `url_for` builds them.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request, Response
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_etags

from day11_rest_library import MAX_BODY, conditional, errors, pagination
from day18_validation.rules import json_bytes

JSON = "application/json"
_URL_SAFE = "!$'()*,/:;?@"  # what werkzeug leaves unescaped in a query string


def require_json_accepted(request: Request) -> None:
    """406 unless the Accept header (if any) allows application/json (day 11's rule)."""
    sent = request.headers.get("accept")
    if sent is None or request.method == "OPTIONS":
        return
    if parse_accept_header(sent, MIMEAccept).best_match([JSON]) is None:
        raise HTTPException(
            406, f"This API answers in {JSON} only; the Accept header was {sent[:100]!r}."
        )


def body(schema: str) -> Callable[[Request], Awaitable[dict[str, Any]]]:
    """A dependency: the request's JSON body checked by the app's validator against `schema`."""

    async def read(request: Request) -> dict[str, Any]:
        # solution: 415 unless JSON is declared, 413 past 64 KiB, 400 unless it parses; validate
        mimetype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if mimetype != JSON:
            sent = f"not {mimetype!r}" if mimetype else "but none was sent"
            raise HTTPException(415, f"Content-Type must be {JSON}, {sent}.")
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            raise HTTPException(413, f"The body is larger than {MAX_BODY // 1024} KiB.")
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise HTTPException(413, f"The body is larger than {MAX_BODY // 1024} KiB.")
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise HTTPException(400, f"The request body is not valid JSON: {exc}.") from exc
        values: dict[str, Any] = request.app.state.validator.validate(schema, data)
        return values
        # end solution

    return read


def dump(request: Request, schema: str, obj: object) -> bytes:
    """`obj` as the named schema's JSON, by the app's validator."""
    data: bytes = request.app.state.validator.dump(schema, obj)
    return data


def answer(
    request: Request, data: bytes, status: int = 200, *, location: str | None = None
) -> Response:
    """JSON bytes with their strong ETag; a GET whose If-None-Match holds it gets 304."""
    # solution: ETag and Cache-Control (and Location); 304 when If-None-Match matches weakly
    etag = conditional.etag_of(data)
    headers = {"ETag": etag, "Cache-Control": conditional.REVALIDATE}
    if location is not None:
        headers["Location"] = location
    wanted = parse_etags(request.headers.get("if-none-match"))
    if request.method == "GET" and status == 200 and wanted.contains_weak(etag.strip('"')):
        return Response(status_code=304, headers=headers)
    return Response(data, status, headers, media_type=JSON)
    # end solution


def no_content() -> Response:
    """204 with no body and no media type."""
    return Response(status_code=204)


def check_if_match(request: Request, current: bytes) -> None:
    """Before a change: 428 if If-Match is required and missing, 412 if it names another ETag."""
    # solution: day 11's rule on the twin's request (strong comparison)
    header = request.headers.get("if-match")
    if header is None:
        if request.app.state.require_if_match:
            raise errors.PreconditionRequiredError(
                "This server requires If-Match on changes: GET the resource and send its ETag."
            )
        return
    if not parse_etags(header).contains(conditional.etag_of(current).strip('"')):
        raise errors.PreconditionFailedError(
            "The resource changed since you read it (If-Match does not match its ETag): "
            "GET it again and reapply your change."
        )
    # end solution


def query_args(request: Request) -> dict[str, str]:
    """The query string, the first value of each name (as Flask's `request.args` reads it)."""
    args: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        args.setdefault(name, value)
    return args


def page_answer(request: Request, page: pagination.Page[Any], schema: str) -> Response:
    """A page of `schema` items with next/prev URLs in the body and the Link header."""
    links = {
        rel: page_url(request, cursor) for rel, cursor in (("next", page.next), ("prev", page.prev))
    }
    items = b",".join(dump(request, schema, item) for item in page.items)
    data = b'{"items":[%s],"next":%s,"prev":%s}' % (
        items,
        json_bytes(links["next"]),
        json_bytes(links["prev"]),
    )
    response = answer(request, data)
    entries = [f'<{url}>; rel="{rel}"' for rel, url in links.items() if url]
    if entries:
        response.headers["Link"] = ", ".join(entries)
    return response


def page_url(request: Request, cursor: str | None) -> str | None:
    """This request's URL with `cursor` in place of its own, as Flask's url_for writes it."""
    if cursor is None:
        return None
    route = request.scope["route"]
    path = request.app.url_path_for(route.name, **request.path_params)
    query = {**query_args(request), "cursor": cursor}
    return f"{path}?{urlencode(list(query.items()), safe=_URL_SAFE)}"
