"""Fixtures: the app on a migrated SQLite file of each test's own, or on day 15's SAVEPOINTs.

Most tests use `client`: black-box HTTP through the TestClient, on a copy of a SQLite file
migrated once per session (copying a file is faster than migrating), with real commits so
day 13's in-process runner sees them. The tests whose SQL differs between backends
(test_tasks.py: filters, sorting, keyset pages) ask for `kit_client` instead:

    database_url (the kit's, both backends, migrated) -> kit_server (one app and TestClient
    per module and backend) + session_factory (a SAVEPOINT per test) -> kit_client

`make_engine` comes from day 15's plugin (day 7's engine hooks).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day15_api_testing.plugin import make_engine
from day20_capstone import Settings, User, create_app, upgrade
from day20_capstone.tests.helpers import Account, sign_up, test_settings

__all__ = ["make_engine"]


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest revision, copied by each test that needs a database."""
    path = tmp_path_factory.mktemp("template") / "day20.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_file: Path) -> Settings:
    """This test's settings, on its own copy of the migrated file."""
    shutil.copy(migrated_file, tmp_path / "day20.db")
    return test_settings(tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A TestClient (lifespan run; a server error is a 500 answer, not an exception)."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def sessions(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test's database file, for what only the CLI or an operator does."""
    engine = create_engine_from_url(settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, migrated to the capstone's newest revision."""
    upgrade(database_url)
    return database_url


@pytest.fixture(scope="module")
def kit_server(
    tmp_path_factory: pytest.TempPathFactory, database_url: str
) -> Iterator[tuple[FastAPI, TestClient]]:
    """One app (and its TestClient) per module and backend: building one per test costs more
    than most tests. Logins are not limited per client here: the module's tests add up."""
    settings = test_settings(
        tmp_path_factory.mktemp("kit"), database_url=database_url, day20_login_per_client=10_000
    )
    app = create_app(settings)  # each test swaps in its own sessions (below)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client


@pytest.fixture
def kit_client(
    kit_server: tuple[FastAPI, TestClient], session_factory: sessionmaker[Session]
) -> Iterator[Any]:
    """The module's TestClient, its requests on this test's SAVEPOINT sessions (both backends)."""
    app, client = kit_server
    app.state.sessions = session_factory  # what `get_session` opens each request's session from
    try:
        yield client
    finally:
        app.state.sessions = None  # no test reaches another's connection


@pytest.fixture
def alice(client: TestClient) -> Account:
    """A logged-in user."""
    return sign_up(client, "alice")


@pytest.fixture
def bob(client: TestClient) -> Account:
    """Another logged-in user."""
    return sign_up(client, "bob")


@pytest.fixture
def admin(client: TestClient, sessions: sessionmaker[Session]) -> Account:
    """A logged-in admin (made an admin in the database, as `create-admin` would)."""
    account = sign_up(client, "admin")
    with sessions.begin() as session:
        user = session.get(User, account.id)
        assert user is not None
        user.is_admin = True
    return account
