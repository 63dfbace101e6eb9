"""Fixtures: one seeded database per backend (SQLite file, PostgreSQL), read in each test's
rolled-back transaction.

The course plugin's SQLAlchemy kit (`shared.testing`) gives this package a database of each
backend of its own (so the seeded rows never meet day 7's tests) and each test a transaction
that is rolled back after it. Day 8 adds its schema and the same seed on both backends, once
per test session, and an app on the kit's sessions with its clock pinned to TODAY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import Project, create_engine_from_url, make_session_factory
from day08_reports import Settings, create_app, create_schema, get_today, seed_database

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


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, with day 8's schema and the seeded rows."""
    seed(database_url)
    return database_url


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """A test client of the app on the seeded database, its clock pinned to TODAY."""
    app = create_app(Settings(database_url=database_url), session_factory=session_factory)
    app.dependency_overrides[get_today] = lambda: TODAY
    with TestClient(app) as client:
        yield client


@pytest.fixture
def project_ids(database_session: Session) -> list[int]:
    """The seeded projects' ids, in order. Never hard-code them: a PostgreSQL sequence is not
    rolled back with a test's transaction, so the ids depend on what ran before."""
    return list(database_session.scalars(select(Project.id).order_by(Project.id)))
