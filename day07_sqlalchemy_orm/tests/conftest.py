"""Fixtures: day 7's database on both backends, an app whose sessions roll back per test.

The course plugin's SQLAlchemy kit does the work (`shared.testing`): `database_url` is a
database of each backend (SQLite, and the real PostgreSQL: skipped with a start command when
it is down) and `session_factory` joins each test's rolled-back transaction. Day 7 adds only
its migrations, its engine hooks and the app built on that factory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import Settings, create_app, create_engine_from_url, upgrade
from day07_sqlalchemy_orm.tests.helpers import sqlite_url


@pytest.fixture(scope="session")
def make_engine() -> Callable[[str], Engine]:
    """The kit builds engines with day 7's factory (SQLite: foreign keys, WAL, write order)."""
    return create_engine_from_url


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, migrated to day 7's newest revision."""
    upgrade(database_url)
    return database_url


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(database_url: str, session_factory: sessionmaker[Session]) -> AppFactory:
    """Build the app on the package's database, its sessions bound to the test transaction."""

    def build(*extra_routers: APIRouter, **settings: Any) -> FastAPI:
        return create_app(
            Settings(database_url=database_url, **settings),
            extra_routers=extra_routers,
            session_factory=session_factory,
        )

    return build


@pytest.fixture
def client(make_app: AppFactory) -> Iterator[TestClient]:
    """A test client of the app (lifespan run) on the package's database."""
    with TestClient(make_app()) as client:
        yield client


@pytest.fixture
def fresh_sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file of this test's own, for tests that need real commits."""
    url = sqlite_url(tmp_path)
    upgrade(url)
    return url
