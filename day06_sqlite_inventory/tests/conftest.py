"""Fixtures: a fresh database file per test, the CLI bound to it, the repository over it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from day06_sqlite_inventory import Inventory, connect, main, migrate
from day06_sqlite_inventory.tests.helpers import Cli, Result


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "inventory.db"


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run the CLI against the test's database: cli("add", "KB-1", ...) -> Result."""

    def run(*args: str) -> Result:
        capsys.readouterr()  # start from clean buffers
        code = main(["--db", str(db_path), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(db_path)
    migrate(connection)
    yield connection
    connection.close()


@pytest.fixture
def inventory(conn: sqlite3.Connection) -> Inventory:
    return Inventory(conn)
