"""One GET of JSON through the shared AsyncClient, with errors the guard can sort.

httpx's own exceptions (timeouts, refused connections) pass through unchanged: the guard
knows them. A status of 400 or more becomes `UpstreamStatusError`, a body that is not JSON
`UpstreamBodyError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from day12_async_fanout.errors import UpstreamBodyError, UpstreamStatusError


async def get_json(
    http: httpx.AsyncClient, url: str, params: Mapping[str, str | int | float] | None = None
) -> Any:
    """The decoded JSON of `GET url?params`, or an UpstreamError saying what came instead."""
    response = await http.get(url, params=dict(params or {}))
    host = response.request.url.netloc.decode("ascii", "replace")
    if response.is_error:
        raise UpstreamStatusError(host, response.status_code)
    try:
        return response.json()
    except ValueError as exc:  # json.JSONDecodeError, or bytes that are not UTF-8
        kind = response.headers.get("content-type", "no content-type")
        raise UpstreamBodyError(
            f"{host} did not answer with JSON ({kind}, {len(response.content)} bytes)"
        ) from exc
