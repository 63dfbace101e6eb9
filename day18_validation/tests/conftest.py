"""Fixtures: day 11's tables on both backends, and each app (Flask, FastAPI) on them.

The course plugin's SQLAlchemy kit does the work (`shared.testing`): `database_url` is a
database of each backend, migrated here once per package with day 11's migration, and
`session_factory` joins each test's rolled-back transaction. `api` is one fixture for both
apps, parametrised `flask` / `fastapi`: a test that asks for it runs on each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import create_engine_from_url
from day11_rest_library import Settings, upgrade
from day18_validation import create_fastapi_app, create_flask_app
from day18_validation.tests.helpers import Api, FastApiClient, FlaskApiClient

TODAY = dt.date(2026, 6, 15)  # the verdict table's clock: next year is 2027


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


@pytest.fixture(params=["flask", "fastapi"])
def make_api(
    request: pytest.FixtureRequest, database_url: str, session_factory: sessionmaker[Session]
) -> Iterator[AppMaker]:
    """Build the app of this parameter's framework on the package's database."""
    opened: list[Api] = []

    def build(**settings: Any) -> Api:
        config = Settings(database_url=database_url, **settings)
        if request.param == "flask":
            api: Api = FlaskApiClient(create_flask_app(config, session_factory=session_factory))
        else:
            api = FastApiClient(create_fastapi_app(config, session_factory=session_factory))
        opened.append(api)
        return api

    yield build
    for api in opened:
        api.close()


@pytest.fixture
def api(make_api: AppMaker) -> Api:
    """The app of this parameter's framework (Flask + marshmallow, or FastAPI + pydantic)."""
    return make_api()
