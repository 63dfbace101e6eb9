"""Fixtures: the fake upstreams (one loopback server for the session, reset for each test),
the event-loop lag check, and apps built against them.

Every test that builds an app through `make_client`, `client` or `make_app` is failed when
a step of the app's code held its event loop for more than LAG_LIMIT (20 ms) while it served
(lag.LagCheck); the worst step of each test is its user property `loop_blocked_ms` (junitxml).
Test settings are fast: upstream delays of tens of milliseconds, a 1 s deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from day12_async_fanout import Settings, UpstreamUrls, create_app
from day12_async_fanout.tests.helpers import FakeUpstreams
from day12_async_fanout.tests.lag import LagCheck, LagCheckedApp, lag_check
from shared.testing import live_asgi_server

# Fast, but with room: the deadline and timeouts are far above the fake's delays.
FAST: dict[str, Any] = {"deadline": 1.0, "upstream_timeout": 0.5, "retry_backoff": 0.01}


@pytest.fixture(scope="session")
def upstream_server() -> Iterator[FakeUpstreams]:
    """One real uvicorn server of stand-ins on a loopback port, for the whole session."""
    fake = FakeUpstreams()
    with live_asgi_server(fake) as base_url:
        fake.base_url = base_url
        yield fake


@pytest.fixture
def fake(upstream_server: FakeUpstreams) -> FakeUpstreams:
    """The stand-ins, every behaviour and record reset: all of them answer at once."""
    upstream_server.reset()
    return upstream_server


@pytest.fixture
def lag() -> Iterator[LagCheck]:
    """The event-loop lag check of this test (see pytest_runtest_call below)."""
    with lag_check() as check:
        yield check


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """After a test that built an app, fail it if the app's event loop was blocked."""
    result = yield
    check = getattr(item, "funcargs", {}).get("lag")
    if isinstance(check, LagCheck):
        worst = check.worst()
        blocked = round(worst.charged * 1000, 1) if worst else 0.0
        item.user_properties += [("loop_blocked_ms", blocked), ("loop_steps", check.steps)]
        check.check()
    return result


def settings_for(fake: FakeUpstreams, **overrides: Any) -> Settings:
    """Settings on the stand-ins: FAST, then the test's own values (`urls=` too)."""
    urls = overrides.pop("urls", None) or UpstreamUrls(**fake.urls())
    return Settings(urls=urls, **{**FAST, **overrides})


AppMaker = Callable[..., LagCheckedApp]
ClientMaker = Callable[..., TestClient]
ServerMaker = Callable[..., str]


@pytest.fixture
def make_app(fake: FakeUpstreams, lag: LagCheck) -> AppMaker:
    """Build the app on the stand-ins (keywords: Settings fields; `sources=` for create_app)."""

    def make(*, sources: Any = None, **overrides: Any) -> LagCheckedApp:
        app = create_app(settings_for(fake, **overrides), sources=sources)
        return lag.wrap(app)

    return make


@pytest.fixture
def make_client(make_app: AppMaker) -> Iterator[ClientMaker]:
    """A TestClient (lifespan running) of an app built by make_app; closed after the test."""
    with ExitStack() as stack:

        def make(**kwargs: Any) -> TestClient:
            return stack.enter_context(TestClient(make_app(**kwargs)))

        yield make


@pytest.fixture
def client(make_client: ClientMaker) -> TestClient:
    """The app with the test settings, on the stand-ins."""
    return make_client()


@pytest.fixture
def make_server(make_app: AppMaker) -> Iterator[ServerMaker]:
    """A real uvicorn server (ephemeral port) of an app built by make_app; its base URL."""
    with ExitStack() as stack:

        def make(**kwargs: Any) -> str:
            return stack.enter_context(live_asgi_server(make_app(**kwargs)))

        yield make
