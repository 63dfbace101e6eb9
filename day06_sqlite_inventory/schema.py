"""The database: connection settings, the schema, and migrations by `PRAGMA user_version`.

Each entry of MIGRATIONS moves the schema one version up; `migrate` applies the missing ones
in a single write transaction, so a half-migrated database cannot exist. Never edit a step
that has shipped: append a new one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from day06_sqlite_inventory.errors import DatabaseBusyError, StorageError

logger = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT = 5.0

MIGRATIONS: tuple[str, ...] = (
    # 1: the two tables. Money is integer cents; times are ISO-8601 UTC text.
    """
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        sku TEXT NOT NULL UNIQUE CHECK (length(sku) > 0),
        name TEXT NOT NULL CHECK (length(name) > 0),
        category TEXT NOT NULL CHECK (length(category) > 0),
        quantity INTEGER NOT NULL CHECK (quantity >= 0),
        unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
        reorder_level INTEGER NOT NULL DEFAULT 0 CHECK (reorder_level >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE movements (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        delta INTEGER NOT NULL CHECK (delta <> 0),
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 2: indexes for the filters `list --category` and `show` use.
    """
    CREATE INDEX ix_items_category ON items (category);
    CREATE INDEX ix_movements_item_id ON movements (item_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
SCHEMA_SQL = "\n".join(step.strip() for step in MIGRATIONS)


def connect(path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> sqlite3.Connection:
    """Open the database with foreign keys on, WAL mode and a busy timeout (in seconds).

    The connection is in autocommit mode (`isolation_level=None`): transactions are explicit,
    opened by `transaction()` below, so nothing commits behind our back. The file's folder is
    created when missing, so `connect("var/inventory.db")` works in a fresh clone.
    """
    _make_parent(path)
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open database {str(path)!r}: {exc}") from exc
    with translate_errors(path):
        # solution: turn foreign keys on and switch the journal to WAL
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for the one writer
        # end solution
    return conn


def _make_parent(path: str | Path) -> None:
    if str(path) == ":memory:" or str(path).startswith("file:"):
        return  # an in-memory database, or a URI that sqlite3 itself interprets
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create folder {str(folder)!r}: {exc.strerror}") from exc


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION and return the version it started from."""
    with translate_errors(_database_path(conn)):
        # solution: run the missing MIGRATIONS in one transaction, each recorded in user_version
        start = _user_version(conn)
        if start == SCHEMA_VERSION:
            return start  # the common case takes no write lock at all
        _check_not_newer(start)
        with transaction(conn):
            current = _user_version(conn)  # another process may have migrated meanwhile
            _check_not_newer(current)
            for version in range(current + 1, SCHEMA_VERSION + 1):
                logger.debug("migrating schema to version %d", version)
                for statement in _statements(MIGRATIONS[version - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
        # end solution
    return start


@contextmanager
def transaction(conn: sqlite3.Connection, *, write: bool = True) -> Iterator[None]:
    """Run the block as one transaction: commit at the end, roll back on any exception.

    Nested use opens a SAVEPOINT, so an inner failure undoes only the inner work. Writes begin
    with BEGIN IMMEDIATE, taking the write lock up front: two writers then queue on the busy
    timeout instead of failing half-way when both try to upgrade a read lock.
    """
    if conn.in_transaction:
        yield from _savepoint(conn)
        return
    with translate_errors(_database_path(conn)):
        # solution: BEGIN IMMEDIATE for writes (the write lock up front), BEGIN for reads
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        # end solution
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite itself already rolls back after a few errors
            conn.execute("ROLLBACK")
        raise
    with translate_errors(_database_path(conn)):
        conn.execute("COMMIT")


def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("SAVEPOINT nested")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO nested")
        conn.execute("RELEASE nested")
        raise
    conn.execute("RELEASE nested")


@contextmanager
def translate_errors(path: str | Path) -> Iterator[None]:
    """Turn sqlite3's operational errors into the inventory's own, with a hint."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusyError(
                f"database {str(path)!r} is locked by another writer",
                hint="try again, or wait longer with --busy-timeout SECONDS",
            ) from exc
        raise StorageError(f"database {str(path)!r}: {exc}") from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", a corrupt file
        raise StorageError(f"database {str(path)!r} is unusable: {exc}") from exc


def _user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _check_not_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"database schema version {version} is newer than this program's {SCHEMA_VERSION}",
            hint="upgrade the program instead of downgrading the data",
        )


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would COMMIT our transaction)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def _database_path(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) or ":memory:"
