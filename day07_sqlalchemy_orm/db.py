"""Engines and session factories, built from a URL (never at import time, never global).

A SQLite engine gets the hooks of `sqlite.py`: foreign keys on, WAL, a busy timeout,
read-only transactions that never lock, and writers that take the lock up front, one at a
time, in order. That is what lets the default SQLite file serve 50 concurrent connections.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import sqlite

# SQLite connections are cheap: enough for every worker thread of the server (40), so a
# request never waits for a connection, only (if it writes) for its turn to write.
SQLITE_POOL = {"pool_size": 20, "max_overflow": 30}


def create_engine_from_url(url: str, *, echo: bool = False) -> Engine:
    """Create an Engine for `url`; for a SQLite file, create its folder and add the hooks."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = not database or database == ":memory:" or database.startswith("file:")
    if not in_memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    pool = {} if in_memory else SQLITE_POOL
    engine = create_engine(url, echo=echo, connect_args=sqlite.connect_args(), **pool)
    sqlite.configure(engine)
    return engine


def make_session_factory(engine: Engine | Connection) -> sessionmaker[Session]:
    """A sessionmaker bound to `engine`; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


# A session made with these execution options reads only: on SQLite its transaction starts
# with a deferred BEGIN that takes no lock (PostgreSQL ignores the option). The connection is
# still taken only when the session first needs one, so a request that never queries (a cache
# hit on day 10) costs no database round trip.
READ_ONLY: Mapping[str, Any] = MappingProxyType({sqlite.READ_ONLY: True})
