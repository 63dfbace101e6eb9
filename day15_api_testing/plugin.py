"""The suite's pytest fixtures, as a plugin other days reuse (day 20), not copy.

Built on the course plugin's SQLAlchemy kit (`shared.testing`): `database_url` is a database
of each backend (SQLite and the real PostgreSQL), `session_factory` joins each test's
rolled-back transaction with a SAVEPOINT. This plugin adds day 7's engine hooks, its
migrations, the app on those sessions and an `Api` on the app:

    make_engine -> task_database_url -> task_session_factory -> task_app -> task_api

Use it from a conftest.py: `from day15_api_testing.plugin import task_api, ...` (the names a
test needs), or `pytest_plugins = ["day15_api_testing.plugin"]` in the root conftest.py.

`DAY15_ISOLATION` picks how tests are kept apart (the benchmark compares them):
`savepoint` (default: one transaction per test, rolled back; nothing is dropped),
`recreate` (drop and create every table before each test, real commits), or `delete`
(one schema, real commits, every row deleted after each test, as full-stack-fastapi-template
does once per session). Under pytest-xdist each worker is a pytest session of its own, so it
gets databases of its own (the kit names them uniquely): one database per worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import Base, Settings, create_app, create_engine_from_url, upgrade
from day15_api_testing.api import Api
from day15_api_testing.targets import in_process_api

ISOLATION_ENV = "DAY15_ISOLATION"
ISOLATION_MODES = ("savepoint", "recreate", "delete")

__all__ = [
    "ISOLATION_ENV",
    "ISOLATION_MODES",
    "isolation_mode",
    "make_engine",
    "task_api",
    "task_app",
    "task_database_url",
    "task_session_factory",
]


def isolation_mode() -> str:
    """The isolation named by DAY15_ISOLATION (default `savepoint`); a typo is an error."""
    mode = os.environ.get(ISOLATION_ENV, "savepoint") or "savepoint"
    if mode not in ISOLATION_MODES:
        raise pytest.UsageError(f"{ISOLATION_ENV} must be one of {ISOLATION_MODES}, not {mode!r}")
    return mode


@pytest.fixture(scope="session")
def make_engine() -> Callable[[str], Engine]:
    """The kit builds engines with day 7's factory (SQLite: foreign keys on, WAL, write order)."""
    return create_engine_from_url


@pytest.fixture(scope="package")
def task_database_url(database_url: str) -> str:
    """The kit's database of each backend, migrated to day 7's newest revision."""
    upgrade(database_url)
    return database_url


@pytest.fixture
def task_session_factory(
    request: pytest.FixtureRequest, task_database_url: str, database_engine: Engine
) -> Iterator[sessionmaker[Session]]:
    """Where the app's sessions write: the test's SAVEPOINT, or the real tables (see module)."""
    mode = isolation_mode()
    if mode == "savepoint":
        yield request.getfixturevalue("session_factory")
        return
    if mode == "recreate":
        Base.metadata.drop_all(database_engine)
        Base.metadata.create_all(database_engine)
    try:
        yield sessionmaker(bind=database_engine, expire_on_commit=False)
    finally:
        if mode == "delete":
            with database_engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())


@pytest.fixture
def task_app(task_database_url: str, task_session_factory: sessionmaker[Session]) -> Any:
    """Day 7's app on this test's database, its sessions from `task_session_factory`."""
    # solution: build day 7's app on the test's database with the test's session factory
    settings = Settings(database_url=task_database_url)
    return create_app(settings, session_factory=task_session_factory)
    # end solution


@pytest.fixture
def task_api(task_app: Any) -> Iterator[Api]:
    """An Api on `task_app` through the TestClient (lifespan run, 500s answered, not raised)."""
    with in_process_api(task_app) as api:
        yield api
