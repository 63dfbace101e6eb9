"""Fixtures: one seeded database per backend (SQLite file, PostgreSQL), shared read-only.

The reports only read, so each backend is created, migrated and seeded once per test
session (the same seed, so the same rows on both). The PostgreSQL database is day 8's own
(`report_postgres_url`), created and dropped here like the plugin's `postgres_url`: the
seeded rows, the inventory tables and the report indexes must not leak into the database
day 7's tests share, where they would change day 7's counts and schema comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day08_reports import Settings, create_app, create_schema, get_today, seed_database
from shared.postgres import temporary_database
from shared.testing import require_service

TODAY = dt.date(2026, 3, 1)
SEED = 8
TASKS = 400
ITEMS = 60


def sqlite_url(folder: Path, name: str = "day08.db") -> str:
    """The URL of a SQLite file in `folder`."""
    return f"sqlite:///{folder / name}"


def seed(url: str, *, tasks: int = TASKS, items: int = ITEMS, seed: int = SEED) -> None:
    """Create the schema at `url` and commit seeded rows (anchored on TODAY)."""
    create_schema(url)
    engine = create_engine_from_url(url)
    try:
        with make_session_factory(engine).begin() as session:
            seed_database(session=session, tasks=tasks, items=items, seed=seed, until=TODAY)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def report_postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database of day 8's tests own, dropped at the end."""
    with temporary_database(require_service("postgresql"), prefix="course_day08") as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, seeded database of each backend, shared by that backend's tests."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
    else:
        url = request.getfixturevalue("report_postgres_url")
    seed(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """The engine of the seeded database."""
    engine = create_engine_from_url(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the seeded database; rolled back after the test (reports only read)."""
    with make_session_factory(engine)() as session:
        yield session
        session.rollback()


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    """A test client of the app on the seeded database, its clock pinned to TODAY."""
    app = create_app(Settings(database_url=database_url))
    app.dependency_overrides[get_today] = lambda: TODAY
    with TestClient(app) as client:
        yield client
