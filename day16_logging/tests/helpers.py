"""Test helpers: ASGI and WSGI requests without a client (fast enough for 10,000 of them),
and the metric series an app exposes."""

from __future__ import annotations

import asyncio
import io
import random
import string
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client.parser import text_string_to_metric_families


def random_paths(count: int, *, seed: int = 16) -> list[str]:
    """`count` different made-up paths, as a scanner sends them (`/a8x/k2/...`)."""
    rng = random.Random(seed)
    alphabet = string.ascii_lowercase + string.digits
    paths = set()
    while len(paths) < count:
        parts = ("".join(rng.choices(alphabet, k=rng.randint(1, 10))) for _ in range(3))
        paths.add("/" + "/".join(parts))
    return sorted(paths)


@contextmanager
def coverage_paused() -> Iterator[None]:
    """Coverage off for a loop of thousands of requests (about series, not lines): traced,
    day 7's app answers 10,000 requests in 30 s instead of 3 on a busy 2-core machine."""
    try:
        import coverage
    except ImportError:  # pragma: no cover - a run without coverage
        yield
        return
    running = coverage.Coverage.current()
    if running is None:
        yield
        return
    running.stop()
    try:
        yield
    finally:
        running.start()


def asgi_get_all(app: Any, paths: Iterable[str]) -> list[int]:
    """GET each path from an ASGI app in-process (no lifespan, no sockets); the statuses."""

    async def get(path: str) -> int:
        status = [0]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"testserver")],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]

        await app(scope, receive, send)
        return status[0]

    async def get_all() -> list[int]:
        return [await get(path) for path in paths]

    return asyncio.run(get_all())


def wsgi_get_all(app: Callable[..., Iterable[bytes]], paths: Iterable[str]) -> list[int]:
    """GET each path from a WSGI app in-process; the statuses."""
    statuses = []
    for path in paths:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        body = app(environ, lambda status, headers, exc_info=None: statuses.append(int(status[:3])))
        for _ in body:
            pass
        getattr(body, "close", lambda: None)()
    return statuses


def series(metrics_text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a /metrics answer (parsed by prometheus_client), by name and labels."""
    samples = {}
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def routes_counted(metrics_text: str) -> dict[str, float]:
    """Requests counted per route label (http_requests_total, summed over the other labels)."""
    counted: dict[str, float] = {}
    for (name, labels), value in series(metrics_text).items():
        if name == "http_requests_total":
            route = dict(labels)["route"]
            counted[route] = counted.get(route, 0) + value
    return counted
