"""Fixtures: day 11's tables on both backends, and each app (Flask, FastAPI) on them.

The course plugin's SQLAlchemy kit does the work (`shared.testing`): `database_url` is a
database of each backend, migrated here once per package with day 11's migration, and
`session_factory` joins each test's rolled-back transaction. `api` is one fixture for both
apps, parametrised `flask` / `fastapi`: a test that asks for it runs on each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import create_engine_from_url
from day11_rest_library import Settings, upgrade
from day18_validation import create_fastapi_app, create_flask_app
from day18_validation.tests.helpers import Api, FastApiClient, FlaskApiClient


@pytest.fixture(scope="session")
def make_engine() -> Callable[[str], Engine]:
    """The kit builds engines with day 7's factory (SQLite: foreign keys, WAL, write order)."""
    return create_engine_from_url


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, with day 11's tables."""
    upgrade(database_url)
    return database_url


AppMaker = Callable[..., Api]
FRAMEWORKS = ("flask", "fastapi")


def build_api(framework: str, settings: Settings, factory: Any) -> Api:
    """Day 18's Flask app or the twin, on `settings`, its sessions from `factory`."""
    if framework == "flask":
        return FlaskApiClient(create_flask_app(settings, session_factory=factory))
    return FastApiClient(create_fastapi_app(settings, session_factory=factory))


class SessionSwitch:
    """Stands in for a sessionmaker: each test points it at its own rolled-back connection.

    So one app per framework and backend serves the whole package (building an app and
    starting its test client is most of a small test's time).
    """

    def __init__(self) -> None:
        self.target: sessionmaker[Session] | None = None

    def __call__(self, **options: Any) -> Session:
        assert self.target is not None, "no test is running"
        return self.target(**options)


@pytest.fixture(scope="package")
def switch() -> SessionSwitch:
    return SessionSwitch()


@pytest.fixture(scope="package", params=FRAMEWORKS)
def package_api(
    request: pytest.FixtureRequest, database_url: str, switch: SessionSwitch
) -> Iterator[Api]:
    """One app of this parameter's framework on the package's database."""
    api = build_api(request.param, Settings(database_url=database_url), switch)
    yield api
    api.close()


@pytest.fixture
def api(
    package_api: Api, switch: SessionSwitch, session_factory: sessionmaker[Session]
) -> Iterator[Api]:
    """The app of this parameter's framework (Flask + marshmallow, or FastAPI + pydantic),
    its requests in this test's rolled-back transaction."""
    switch.target = session_factory
    yield package_api
    switch.target = None


@pytest.fixture(params=FRAMEWORKS)
def make_api(
    request: pytest.FixtureRequest, database_url: str, session_factory: sessionmaker[Session]
) -> Iterator[AppMaker]:
    """Build an app of this parameter's framework with settings of the test's own."""
    opened: list[Api] = []

    def build(**settings: Any) -> Api:
        config = Settings(database_url=database_url, **settings)
        opened.append(build_api(request.param, config, session_factory))
        return opened[-1]

    yield build
    for api in opened:
        api.close()
