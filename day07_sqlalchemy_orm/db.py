"""Engines and session factories, built from a URL (never at import time, never global).

SQLite gets two connection hooks: foreign keys switched on (SQLite ignores REFERENCES
otherwise) and SQLAlchemy emitting BEGIN itself, so savepoints and transactional DDL work
on Python 3.11's sqlite3 driver (SQLAlchemy docs: "Transactions with SQLite and the sqlite3
driver").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def create_engine_from_url(url: str, *, echo: bool = False) -> Engine:
    """Create an Engine for `url`; for a SQLite file, create its folder and add the hooks."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def make_session_factory(engine: Engine | Connection) -> sessionmaker[Session]:
    """A sessionmaker bound to `engine`; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # isolation_level=None stops sqlite3 from issuing its own (late) BEGIN statements.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN: two requests can then never deadlock on an
    # upgrade from a read lock to a write lock ("database is locked" would be a 500).
    connection.exec_driver_sql("BEGIN IMMEDIATE")
