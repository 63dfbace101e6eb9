"""Fixtures: the app on day 15's SAVEPOINT sessions (SQLite and PostgreSQL), or on a file.

    database_url (the kit's, migrated) -> session_factory (a SAVEPOINT per test) -> app -> client

Most tests use `client`: black-box HTTP through the TestClient, each test in a transaction
rolled back after it, once per backend. Tests of background jobs need real commits (the
runner's threads have sessions of their own): they use `file_client`, on a SQLite file of
the test's own. `make_engine` comes from day 15's plugin (day 7's engine hooks).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from day15_api_testing.plugin import make_engine
from day20_capstone import Settings, User, create_app, upgrade
from day20_capstone.tests.helpers import Account, sign_up, test_settings

__all__ = ["make_engine"]


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, migrated to the capstone's newest revision."""
    upgrade(database_url)
    return database_url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """This test's settings, on the package's database."""
    return test_settings(tmp_path, database_url=database_url)


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> Any:
    """The API on the test's SAVEPOINT sessions."""
    return create_app(settings, session_factory=session_factory)


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    """A TestClient (lifespan run; a server error is a 500 answer, not an exception)."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def alice(client: TestClient) -> Account:
    """A logged-in user."""
    return sign_up(client, "alice")


@pytest.fixture
def bob(client: TestClient) -> Account:
    """Another logged-in user."""
    return sign_up(client, "bob")


@pytest.fixture
def admin(client: TestClient, session_factory: sessionmaker[Session]) -> Account:
    """A logged-in admin (made an admin in the database, as `create-admin` would)."""
    account = sign_up(client, "admin")
    with session_factory.begin() as session:
        user = session.get(User, account.id)
        assert user is not None
        user.is_admin = True
    return account


@pytest.fixture
def file_settings(tmp_path: Path) -> Settings:
    """Settings on a SQLite file of this test's own (real commits)."""
    return test_settings(tmp_path)


@pytest.fixture
def file_client(file_settings: Settings) -> Iterator[TestClient]:
    """A TestClient of the API on its own SQLite file, with the in-process runner."""
    with TestClient(create_app(file_settings), raise_server_exceptions=False) as client:
        yield client
