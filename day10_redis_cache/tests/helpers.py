"""Small things the tests share: a fake clock, a cache like the app's, adding a task."""

from __future__ import annotations

import socket
from typing import Any

from fastapi.testclient import TestClient

from day10_redis_cache import CircuitBreaker, RedisCache


class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_cache(url: str, prefix: str, clock: FakeClock, **options: Any) -> RedisCache:
    """A cache like the app's (5 s back-off) on the fake clock.

    The app's socket timeout is 0.1 s; tests on the shared Redis take 1 s, so that a busy CI
    machine is not mistaken for a Redis outage (the outage tests set their own, shorter one).
    """
    options.setdefault("socket_timeout", 1.0)
    return RedisCache.from_url(
        url,
        prefix=prefix,
        namespaces=("tasks", "reports"),
        breaker=CircuitBreaker(retry_after=5.0, clock=clock),
        **options,
    )


def add_task(client: TestClient, title: str = "Write the report", **fields: Any) -> dict[str, Any]:
    """POST a task and return its body (asserting it was created)."""
    response = client.post("/tasks", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def free_port() -> int:
    """A loopback port nothing listens on right now (for a private redis-server or a dead one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
