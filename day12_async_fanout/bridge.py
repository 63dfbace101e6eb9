"""Day 5's weather and crypto clients, with their one blocking GET done by httpx instead.

Day 5's `WeatherClient.locate`, `.forecast` and `CryptoClient.prices` each build one request,
call `http.get(url, params)` on a blocking `JsonClient`, and parse what it returns. That
`get` is the only I/O in them, so `run_day5` uses them as they are, in two passes:

1. with a stand-in whose `get` raises `_Wanted(url, params)`: we learn the request;
2. with a stand-in whose `get` returns the body we fetched meanwhile with `await`.

Building and parsing run twice (microseconds); the network is used once, without blocking
the event loop. This is the "sans-I/O" idea: logic that never does I/O itself can be driven
by any I/O, blocking or async.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import httpx

from day05_http_client import JsonClient
from day12_async_fanout.upstream_http import get_json

T = TypeVar("T")
Params = Mapping[str, str | int | float]


class _Wanted(Exception):
    """Raised by the first pass's stand-in: the request day 5 wants to make."""

    def __init__(self, url: str, params: Params | None) -> None:
        super().__init__(url)
        self.url = url
        self.params = dict(params or {})


class _Ask:
    """Stands in for day 5's JsonClient in the first pass: says what it was asked."""

    def get(self, url: str, params: Params | None = None) -> Any:
        raise _Wanted(url, params)


class _Answer:
    """Stands in for day 5's JsonClient in the second pass: answers with a fetched body."""

    def __init__(self, body: Any) -> None:
        self.body = body

    def get(self, url: str, params: Params | None = None) -> Any:
        return self.body


async def run_day5(call: Callable[[JsonClient], T], http: httpx.AsyncClient) -> T:
    """Run a day-5 client method that makes one GET, doing that GET with `http`."""
    try:
        call(cast(JsonClient, _Ask()))
    except _Wanted as wanted:
        body = await get_json(http, wanted.url, wanted.params)
    else:
        raise RuntimeError("the day-5 call returned without asking for anything")
    return call(cast(JsonClient, _Answer(body)))
