"""Fixtures: one migrated database per backend per session, one rolled-back transaction per test.

Every API test runs twice, on SQLite and on the real PostgreSQL (`postgres_url`, skipped
with a start command when PostgreSQL is down). Isolation follows the SQLAlchemy docs'
"Joining a Session into an External Transaction": the test holds a connection inside an
outer transaction, each request's session joins it with a SAVEPOINT, and the outer
transaction is rolled back after the test, so nothing a test writes survives it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import Settings, create_app, create_engine_from_url, upgrade
from day07_sqlalchemy_orm.tests.helpers import sqlite_url


@pytest.fixture(scope="session")
def private_postgres_url(postgres_url: str) -> Iterator[str]:
    """`postgres_url` with a schema of our own first on the search_path.

    Other days' tests share the session's PostgreSQL database and may have tables named
    like ours; a private schema keeps both apart. Dropped (with its tables) at the end.
    """
    schema = f"tasks_orm_{uuid.uuid4().hex[:10]}"
    admin = create_engine_from_url(postgres_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database of each backend, shared by the session's tests of that backend."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
    else:
        url = request.getfixturevalue("private_postgres_url")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """The engine of the session's database (with the package's SQLite hooks)."""
    engine = create_engine_from_url(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions that join the test's transaction: their commit only releases a SAVEPOINT."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session in the test's transaction, for repository- and model-level tests."""
    with session_factory() as session:
        yield session


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(database_url: str, session_factory: sessionmaker[Session]) -> AppFactory:
    """Build the app on the session's database, its sessions bound to the test transaction."""

    def build(*extra_routers: APIRouter, **settings: Any) -> FastAPI:
        app = create_app(
            Settings(database_url=database_url, **settings), extra_routers=extra_routers
        )
        app.state.session_factory = session_factory
        return app

    return build


@pytest.fixture
def client(make_app: AppFactory) -> Iterator[TestClient]:
    """A test client of the app (lifespan run) on the session's database."""
    with TestClient(make_app()) as client:
        yield client


@pytest.fixture
def fresh_sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file of this test's own, for tests that need real commits."""
    url = sqlite_url(tmp_path)
    upgrade(url)
    return url
