"""What the day's tests share (always the reference's, even when grading an attempt):

- `FakeUpstreams`: real loopback stand-ins for the five public APIs, served by uvicorn, that
  a test programs (latency, error statuses, stalls) and then questions (requests seen,
  requests in flight at once, client connections, requests whose client hung up);
- `closed_port_url()`: an address that refuses connections.

The event-loop lag check is in `lag.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

# Which stand-ins each source of /overview calls (the fake's keys are UpstreamUrls' fields).
SOURCE_KEYS: dict[str, tuple[str, ...]] = {
    "weather": ("geocoding", "forecast"),
    "crypto": ("coingecko",),
    "fx": ("frankfurter",),
    "wiki": ("wikipedia",),
}
KEYS = tuple(key for keys in SOURCE_KEYS.values() for key in keys)
UNKNOWN_CITY = "Atlantis"
UNKNOWN_COIN = "nocoin"
STALL_LIMIT = 10.0  # a stalled request gives up after this long, so no test can hang on it


@dataclass
class Behaviour:
    """How one stand-in answers: after `delay` s, with `status`; or never (`stall`)."""

    delay: float = 0.0
    status: int = 200
    stall: bool = False
    fail_next: int = 0  # the next n requests answer 503 instead
    stall_next: int = 0  # the next n requests never answer
    body: bytes | None = None  # raw bytes instead of the JSON payload


@dataclass
class Seen:
    """One request a stand-in received, and how it ended."""

    key: str
    path: str
    query: dict[str, str]
    client_port: int
    started: float
    ended: float | None = None
    outcome: str = "pending"  # "answered", or "disconnected" (the client hung up first)


@dataclass
class FakeUpstreams:
    """Stand-ins for the public APIs under `/<key>/...`, as an ASGI app (served in a thread).

    Any other first path segment is a generic JSON upstream (`json_source`): it answers
    `{"upstream": key, "query": {...}}`. `behave()` programs one source (or key) between
    requests; the records are read from the test's thread, hence the lock.
    """

    base_url: str = ""
    behaviours: dict[str, Behaviour] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _in_flight: dict[str, int] = field(default_factory=dict)
    _max_in_flight: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget every behaviour and record (between tests)."""
        with self._lock:
            self.behaviours.clear()
            self.requests.clear()
            self._in_flight.clear()
            self._max_in_flight.clear()

    def urls(self) -> dict[str, str]:
        """Keyword arguments for `UpstreamUrls`: every stand-in on this server."""
        return {key: f"{self.base_url}/{key}" for key in KEYS}

    def behave(self, name: str, **changes: Any) -> None:
        """Change how a source (weather, crypto, fx, wiki) or a single key answers."""
        with self._lock:
            for key in SOURCE_KEYS.get(name, (name,)):
                behaviour = self.behaviours.setdefault(key, Behaviour())
                for attribute, value in changes.items():
                    setattr(behaviour, attribute, value)

    def seen(self, name: str) -> list[Seen]:
        """The requests a source (or key) received, oldest first."""
        keys = SOURCE_KEYS.get(name, (name,))
        with self._lock:
            return [r for r in self.requests if r.key in keys]

    def max_in_flight(self, name: str | None = None) -> int:
        """The most requests a source (or all of them, `None`) had in flight at once."""
        with self._lock:
            return self._max_in_flight.get(name or "*", 0)

    def client_ports(self) -> set[int]:
        """The client ports requests came from: one per TCP connection the app opened."""
        with self._lock:
            return {r.client_port for r in self.requests}

    def wait_for(self, name: str, outcome: str, *, timeout: float = 2.0) -> Seen | None:
        """Poll (10 ms) until a request of `name` has `outcome`; None after `timeout` s."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for request in self.seen(name):
                if request.outcome == outcome:
                    return request
            time.sleep(0.01)
        return None

    # --- the ASGI side -----------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        key, _, rest = str(scope["path"]).lstrip("/").partition("/")
        query = {k: v[-1] for k, v in parse_qs(scope["query_string"].decode("latin-1")).items()}
        seen = Seen(key, unquote(rest), query, scope["client"][1], time.monotonic())
        with self._lock:
            behaviour = self.behaviours.setdefault(key, Behaviour())
            stall = behaviour.stall or behaviour.stall_next > 0
            fail = not stall and behaviour.fail_next > 0
            behaviour.stall_next -= 1 if behaviour.stall_next > 0 else 0
            behaviour.fail_next -= 1 if fail else 0
            delay, status, body = behaviour.delay, behaviour.status, behaviour.body
            self.requests.append(seen)
            self._count(key, +1)
        try:
            if stall:
                await self._stall(seen, receive, send)
                return
            if delay:
                await asyncio.sleep(delay)
            if fail:
                status, body = 503, b'{"error": "injected failure"}'
            payload = body if body is not None else json.dumps(answer(key, seen)).encode()
            await _send(send, status, payload)
            seen.outcome = "answered"
        finally:
            seen.ended = time.monotonic()
            with self._lock:
                self._count(key, -1)

    async def _stall(self, seen: Seen, receive: Any, send: Any) -> None:
        """Never answer: wait for the client to hang up (or STALL_LIMIT, then 504)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(STALL_LIMIT):
                while (await receive())["type"] != "http.disconnect":
                    pass
                seen.outcome = "disconnected"
                return
        await _send(send, 504, b'{"error": "stalled"}')
        seen.outcome = "answered"

    def _count(self, key: str, change: int) -> None:
        for name in (key, "*"):
            self._in_flight[name] = self._in_flight.get(name, 0) + change
            self._max_in_flight[name] = max(self._max_in_flight.get(name, 0), self._in_flight[name])
        for source, keys in SOURCE_KEYS.items():  # a source's count: its keys together
            if key in keys:
                self._in_flight[source] = self._in_flight.get(source, 0) + change
                top = max(self._max_in_flight.get(source, 0), self._in_flight[source])
                self._max_in_flight[source] = top


def answer(key: str, seen: Seen) -> Any:
    """The body a stand-in answers: the real API's shape, with fixed numbers."""
    query = seen.query
    if key == "geocoding":
        city = query.get("name", "")
        if city == UNKNOWN_CITY:
            return {"generationtime_ms": 0.4}  # Open-Meteo's answer when nothing matches
        return {
            "results": [
                {
                    "name": city,
                    "country": "Germany",
                    "latitude": 52.52,
                    "longitude": 13.41,
                    "timezone": "Europe/Berlin",
                }
            ]
        }
    if key == "forecast":
        return {
            "current_units": {"temperature_2m": "°C", "wind_speed_10m": "km/h"},
            "current": {
                "time": "2026-05-08T12:00",
                "temperature_2m": 4.3,
                "wind_speed_10m": 12.6,
                "weather_code": 3,
            },
            "daily_units": {"precipitation_sum": "mm"},
            "daily": {
                "time": ["2026-05-08"],
                "weather_code": [3],
                "temperature_2m_max": [5.8],
                "temperature_2m_min": [1.2],
                "precipitation_sum": [0.0],
            },
        }
    if key == "coingecko":
        currency = query.get("vs_currencies", "usd")
        coins = [c for c in query.get("ids", "").split(",") if c and c != UNKNOWN_COIN]
        return {c: {currency: 61234.5, f"{currency}_24h_change": -1.2} for c in coins}
    if key == "frankfurter":
        symbols = [s for s in query.get("symbols", "").split(",") if s]
        return {"amount": 1.0, "base": query.get("base"), "date": "2026-05-08",
                "rates": dict.fromkeys(symbols, 0.92)}  # fmt: skip
    if key == "wikipedia":
        title = seen.path.removeprefix("page/summary/").replace("_", " ")
        return {
            "title": title,
            "extract": f"{title} is a city.",
            "content_urls": {"desktop": {"page": f"https://en.wikipedia.org/wiki/{title}"}},
        }
    return {"upstream": key, "query": query}


async def _send(send: Any, status: int, payload: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def closed_port_url() -> str:
    """A loopback URL nothing listens on (a port bound, then closed): refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"
