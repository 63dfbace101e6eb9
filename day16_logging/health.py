"""/healthz (the process answers) and /readyz (what it needs answers too), and /metrics.

A ready check is any callable: it passes when it returns, and fails when it raises or takes
longer than `CHECK_TIMEOUT`. The checks run at the same time, each in a daemon thread, so a
hung database cannot hang the probe (or the interpreter's exit).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from day16_logging.metrics import Metrics, exposition

CHECK_TIMEOUT = 1.0  # seconds; a load balancer probes every few seconds
HEALTH_PATHS = ("/healthz", "/readyz", "/metrics")


@dataclass(frozen=True)
class Answer:
    """A finished response: status, headers and body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _json(status: int, body: Mapping[str, Any]) -> Answer:
    data = json.dumps(body).encode()
    return Answer(status, [("content-type", "application/json")], data)


def run_checks(
    checks: Mapping[str, Callable[[], object]], *, timeout: float = CHECK_TIMEOUT
) -> dict[str, str]:
    """Each check's outcome: "ok", or why it failed ("timeout after 1.0 s", the error)."""
    # solution: run every check at the same time, each for at most `timeout` s
    outcomes: dict[str, str] = dict.fromkeys(checks, f"timeout after {timeout} s")

    def run(name: str, check: Callable[[], object]) -> None:
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; the reason is shown
            outcomes[name] = f"{type(exc).__name__}: {exc}"[:200]
        else:
            outcomes[name] = "ok"

    threads = [
        threading.Thread(target=run, args=item, daemon=True, name=f"ready-{item[0]}")
        for item in checks.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)  # all started together: the probe takes about `timeout` at most
    return dict(outcomes)
    # end solution


def readiness(checks: Mapping[str, Callable[[], object]]) -> Answer:
    """200 with every check "ok", else 503 naming the failed ones."""
    outcomes = run_checks(checks)
    ready = all(outcome == "ok" for outcome in outcomes.values())
    status = "ready" if ready else "not ready"
    return _json(200 if ready else 503, {"status": status, "checks": outcomes})


def answer(
    path: str, *, checks: Mapping[str, Callable[[], object]], metrics: Metrics
) -> Answer | None:
    """The answer of a health path (`None` for any other path)."""
    if path == "/healthz":
        return _json(200, {"status": "alive"})
    if path == "/readyz":
        return readiness(checks)
    if path == "/metrics":
        body, content_type = exposition(metrics)
        return Answer(200, [("content-type", content_type)], body)
    return None


def database_check(engine: Any) -> Callable[[], object]:
    """A ready check: `SELECT 1` on a connection of the SQLAlchemy `engine`."""
    from sqlalchemy import text

    def check() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    return check


def redis_check(url: str, *, timeout: float = 0.5) -> Callable[[], object]:
    """A ready check: PING on a fresh connection to Redis at `url` (short socket timeouts)."""
    import redis

    def check() -> None:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()

    return check
