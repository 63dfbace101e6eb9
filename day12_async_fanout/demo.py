"""`python -m day12_async_fanout demo`: the lesson with no internet.

Loopback stand-ins for the five public APIs (`Simulator`), slow and failing on purpose, run
in a thread of this process; the app is started against them on port 8012. What each one
does (`DEMO_PROFILES`): a latency with some jitter, and every n-th request failing with 503
(CoinGecko: the retry hides it) or never answering (Wikipedia: a timeout, or a hedge).
`--stall NAME` makes a source never answer, `--down NAME` points it at a closed port.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, unquote

from starlette.types import Receive, Scope, Send

from day12_async_fanout.app import create_app
from day12_async_fanout.config import Settings, UpstreamUrls
from day12_async_fanout.disconnect import wait_for_disconnect
from shared.cli import CourseError
from shared.serving import ServerOptions, base_url, bind_socket, serve_asgi

logger = logging.getLogger(__name__)

# Which of the stand-ins (UpstreamUrls' fields) each source of /overview calls.
SOURCE_UPSTREAMS: dict[str, tuple[str, ...]] = {
    "weather": ("geocoding", "forecast"),
    "crypto": ("coingecko",),
    "fx": ("frankfurter",),
    "wiki": ("wikipedia",),
}
STALL_LIMIT = 30.0  # even a stalled stand-in answers (504) after this long


@dataclass(frozen=True)
class Profile:
    """How one stand-in misbehaves: its latency (seconds, +- jitter) and injected failures."""

    latency: float = 0.05
    jitter: float = 0.2
    fail_every: int = 0  # every n-th request answers 503
    stall_every: int = 0  # every n-th request never answers


DEMO_PROFILES: dict[str, Profile] = {
    "geocoding": Profile(0.04),
    "forecast": Profile(0.08),
    "coingecko": Profile(0.09, fail_every=4),
    "frankfurter": Profile(0.06),
    "wikipedia": Profile(0.15, stall_every=10),
}


class Simulator:
    """An ASGI app that answers like the public APIs under `/<upstream>/...`, per its profile.

    Any other first path segment answers `{"upstream": name, "query": {...}}` (the
    benchmark's generic upstreams). Latencies come from a seeded random generator.
    """

    def __init__(
        self, profiles: Mapping[str, Profile], *, default: Profile | None = None, seed: int = 12
    ) -> None:
        self.profiles = dict(profiles)
        self.default = default or Profile()
        self.requests: Counter[str] = Counter()
        self._random = random.Random(seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        key, _, rest = str(scope["path"]).lstrip("/").partition("/")
        query = {k: v[-1] for k, v in parse_qs(scope["query_string"].decode("latin-1")).items()}
        profile = self.profiles.get(key, self.default)
        self.requests[key] += 1
        count = self.requests[key]
        if profile.stall_every and count % profile.stall_every == 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(STALL_LIMIT):
                    await wait_for_disconnect(receive)
                    return
            await _json(send, 504, {"error": "the stand-in stalled on purpose"})
            return
        spread = 1 + profile.jitter * (2 * self._random.random() - 1)
        await asyncio.sleep(profile.latency * spread)
        if profile.fail_every and count % profile.fail_every == 0:
            await _json(send, 503, {"error": f"injected failure (every {profile.fail_every}th)"})
            return
        status, body = answer(key, unquote(rest), query)
        await _json(send, status, body)


def answer(key: str, rest: str, query: Mapping[str, str]) -> tuple[int, Any]:
    """What the stand-in `key` answers: the shape of the real API, made-up numbers."""
    if key == "geocoding":
        city = query.get("name", "").strip()
        if not city or city.lower() == "atlantis":  # the demo's unknown city
            return 200, {"generationtime_ms": 0.1}
        return 200, {"results": [_place(city)]}
    if key == "forecast":
        return 200, _forecast(float(query.get("latitude", "0")))
    if key == "coingecko":
        currency = query.get("vs_currencies", "usd")
        ids = [coin for coin in query.get("ids", "").split(",") if coin]
        return 200, {
            coin: {currency: _number(coin, 10, 60_000), f"{currency}_24h_change": 1.5}
            for coin in ids
            if coin != "nocoin"  # the demo's unknown coin
        }
    if key == "frankfurter":
        symbols = query.get("symbols", "EUR").split(",")
        base = query.get("base", "USD")
        rates = {s: _number(base + s, 0.5, 150) for s in symbols if s}
        return 200, {"amount": 1.0, "base": base, "date": "2026-05-08", "rates": rates}
    if key == "wikipedia":
        page = rest.removeprefix("page/summary/")
        title = page.replace("_", " ")
        return 200, {
            "title": title,
            "extract": f"{title} is a city of the demo, served from 127.0.0.1.",
            "content_urls": {"desktop": {"page": f"https://en.wikipedia.org/wiki/{page}"}},
        }
    return 200, {"upstream": key, "query": dict(query)}


def _number(seed: str, low: float, high: float) -> float:
    """A made-up number that stays the same for the same name."""
    return round(low + (zlib.crc32(seed.encode()) % 10_000) / 10_000 * (high - low), 2)


def _place(city: str) -> dict[str, Any]:
    return {
        "name": city.title(),
        "country": "Demoland",
        "latitude": _number(city + "lat", -60, 60),
        "longitude": _number(city + "lon", -180, 180),
        "timezone": "UTC",
    }


def _forecast(latitude: float) -> dict[str, Any]:
    temperature = round(25 - abs(latitude) / 3, 1)
    return {
        "current_units": {"temperature_2m": "°C", "wind_speed_10m": "km/h"},
        "current": {
            "time": "2026-05-08T12:00",
            "temperature_2m": temperature,
            "wind_speed_10m": 12.0,
            "weather_code": 2,
        },
        "daily_units": {"precipitation_sum": "mm"},
        "daily": {
            "time": ["2026-05-08"],
            "weather_code": [2],
            "temperature_2m_max": [temperature + 4],
            "temperature_2m_min": [temperature - 4],
            "precipitation_sum": [0.0],
        },
    }


async def _json(send: Send, status: int, body: Any) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def demo_profiles(*, stall: Collection[str] = ()) -> dict[str, Profile]:
    """DEMO_PROFILES, with every stand-in of the `stall` sources never answering."""
    profiles = dict(DEMO_PROFILES)
    for source in stall:
        for key in SOURCE_UPSTREAMS[source]:
            profiles[key] = replace(profiles[key], stall_every=1)
    return profiles


def demo_urls(base: str, *, down: Collection[str] = (), dead: str) -> UpstreamUrls:
    """The stand-ins' URLs under `base`; the `down` sources' at `dead`, a closed port."""
    urls = {key: f"{base}/{key}" for keys in SOURCE_UPSTREAMS.values() for key in keys}
    for source in down:
        for key in SOURCE_UPSTREAMS[source]:
            urls[key] = f"{dead}/{key}"
    return UpstreamUrls(**urls)


@contextlib.contextmanager
def serve_in_thread(app: Any, *, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread on a free port; yield its base URL."""
    import uvicorn

    sock = bind_socket(host, 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        if not thread.is_alive() or time.monotonic() - started > 10:
            raise CourseError("the demo's upstream stand-ins did not start")
        time.sleep(0.01)
    try:
        yield base_url(host, port)
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def closed_port(host: str = "127.0.0.1") -> str:
    """The URL of a port nothing listens on (bound, then closed again): refused at once."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return base_url(host, probe.getsockname()[1])


def run_demo(
    options: ServerOptions,
    settings: Settings,
    *,
    stall: Collection[str] = (),
    down: Collection[str] = (),
) -> int:
    """Start the stand-ins, then serve the app against them until Ctrl+C."""
    with serve_in_thread(Simulator(demo_profiles(stall=stall))) as base:
        urls = demo_urls(base, down=down, dead=closed_port())
        logger.info(
            "demo upstreams on %s (stalled: %s; down: %s)",
            base,
            ", ".join(stall) or "none",
            ", ".join(down) or "none",
        )
        app = create_app(settings.model_copy(update={"urls": urls}))
        return serve_asgi(app, options, what="overview API (demo upstreams)")
