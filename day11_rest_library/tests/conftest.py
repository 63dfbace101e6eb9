"""Fixtures: the library's database on both backends, an app whose sessions roll back per test.

The course plugin's SQLAlchemy kit does the work (`shared.testing`): `database_url` is a
database of each backend (SQLite and the real PostgreSQL), migrated here once per package, and
`session_factory` joins each test's rolled-back transaction. Every test client lints its
responses (`helpers.LintingClient`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import create_engine_from_url
from day11_rest_library import Settings, create_app, upgrade
from day11_rest_library.tests.helpers import LintingClient


@pytest.fixture(scope="session")
def make_engine() -> Callable[[str], Engine]:
    """The kit builds engines with day 7's factory (SQLite: foreign keys, WAL, write order)."""
    return create_engine_from_url


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, with the library's tables."""
    upgrade(database_url)
    return database_url


AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(database_url: str, session_factory: sessionmaker[Session]) -> AppFactory:
    """Build the app on the package's database, its sessions in the test's transaction."""

    def build(**settings: Any) -> Flask:
        app = create_app(
            Settings(database_url=database_url, **settings), session_factory=session_factory
        )
        app.test_client_class = LintingClient
        return app

    return build


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    """The library API on the package's database."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A linting test client of `app`."""
    return app.test_client()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file of this test's own, for tests that need real commits."""
    url = f"sqlite:///{tmp_path / 'day11.db'}"
    upgrade(url)
    return url
