"""Fixtures: the recorded API answers, a JsonClient that never really sleeps, a closed port."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from day05_http_client import JsonClient, RetryPolicy, Timeouts, build_session

DATA = Path(__file__).parent / "data"

MakeClient = Callable[..., JsonClient]


def load(name: str) -> Any:
    """A recorded answer from tests/data/ (shaped like the real API's documented response)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked to sleep, in order (nothing actually sleeps)."""
    return []


@pytest.fixture
def session() -> Iterator[requests.Session]:
    """The project's session, closed after the test."""
    with build_session() as session:
        yield session


@pytest.fixture
def make_client(session: requests.Session, sleeps: list[float]) -> MakeClient:
    """A JsonClient with a recording sleep, fixed jitter (rng 0.5) and short timeouts."""

    def factory(**overrides: Any) -> JsonClient:
        options: dict[str, Any] = {
            "timeouts": Timeouts(connect=1.0, read=2.0),
            "retry": RetryPolicy(retries=3, base=0.5, max_delay=10.0, jitter=0.5),
            "sleep": sleeps.append,
            "rng": lambda: 0.5,
        }
        options.update(overrides)
        return JsonClient(session, **options)

    return factory


@pytest.fixture
def closed_port_url() -> str:
    """http://127.0.0.1:<port> where nothing listens: connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def stalled_url() -> Iterator[str]:
    """http://127.0.0.1:<port> that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
