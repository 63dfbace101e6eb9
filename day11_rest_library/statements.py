"""The hot paths' SQL: Core statements compiled once per dialect, run on the DBAPI cursor.

`Connection.execute` does a lot per statement besides the SQL: it computes the statement's
cache key (a walk of the whole statement tree), looks up the compiled form, fires events, and
builds a result object. Measured on the course's 2-core machine: `GET /books/<id>`'s SELECT
took 85 us through `Connection.execute` (110 us through `Session.execute`) and 9 us on the
DBAPI cursor. For the two routes the benchmark holds to a goal, `Prepared` keeps the
statement written in Core (so the SQL is still generated, per dialect, from the tables) and
skips the rest:

- the SQL string is compiled once per dialect and kept;
- it runs on the DBAPI connection of a Session (inside its transaction), of a Connection, or
  of a pooled connection taken from an Engine just for this one statement;
- errors come out as SQLAlchemy's (`IntegrityError`, `OperationalError`), as `execute` would
  raise them, so the app's error handlers do not change; a connection lost to a disconnect
  is thrown away, not returned to the pool;
- with `echo` on, the statement is logged as SQLAlchemy logs its own.

What it does not do: type processing (the statements here bind and read ints and text,
which the drivers handle themselves) and events (nothing in the course listens to these).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


class Prepared:
    """A Core statement, compiled once per dialect, run straight on a DBAPI cursor."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None]] = {}

    def sql(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
        """The SQL for `dialect`, and the order of its parameters if they are positional."""
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            done = cast(SQLCompiler, self.statement.compile(dialect=dialect))
            order = tuple(done.positiontup or ()) if done.positional else None
            compiled = self._compiled[dialect.name] = (str(done), order)
        return compiled

    def one_or_none(
        self, target: Session | Connection | Engine, params: Mapping[str, Any]
    ) -> tuple[Any, ...] | None:
        """Run with `params`; the first row (a tuple), or None.

        A Session or a Connection runs it in its own transaction (a Session begins one if it
        has none yet); an Engine lends a pooled connection for this statement alone, in
        autocommit mode: one statement needs no transaction around it, and on PostgreSQL that
        saves two round trips (psycopg's BEGIN before it, the pool's ROLLBACK after it).
        SQLite's connections are in that mode already (day 7's `isolation_level = None`).
        """
        if isinstance(target, Session):
            target = target.connection()
        if isinstance(target, Connection):
            return self._fetch(target.connection.dbapi_connection, target.engine, params)
        dialect = target.dialect
        try:
            pooled = target.raw_connection()
        except dialect.loaded_dbapi.Error as exc:  # the database is down: a 503, not a 500
            raise _wrapped(exc, dialect, self.statement, params) from exc
        dbapi_connection = pooled.dbapi_connection
        switch = getattr(dbapi_connection, "autocommit", None) is False  # psycopg's attribute
        try:
            if switch:
                setattr(dbapi_connection, "autocommit", True)  # noqa: B010 (not in the protocol)
            return self._fetch(dbapi_connection, target, params, pooled.invalidate)
        finally:
            if switch and pooled.is_valid:
                setattr(dbapi_connection, "autocommit", False)  # noqa: B010
            pooled.close()  # back to the pool

    def _fetch(
        self,
        dbapi_connection: DBAPIConnection | None,
        engine: Engine,
        params: Mapping[str, Any],
        invalidate: Any = None,
    ) -> tuple[Any, ...] | None:
        assert dbapi_connection is not None, "a connection that is open"
        dialect = engine.dialect
        sql, order = self.sql(dialect)
        values: Any = params if order is None else tuple(params[name] for name in order)
        if engine.logger.isEnabledFor(logging.INFO):  # echo=True, or the logger set to INFO
            engine.logger.info("%s\n[prepared] %r", sql, values)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        except dialect.loaded_dbapi.Error as exc:
            if invalidate is not None and dialect.is_disconnect(exc, dbapi_connection, cursor):
                invalidate(exc)
            raise _wrapped(exc, dialect, sql, values) from exc
        finally:
            cursor.close()
        return None if row is None else tuple(row)


def _wrapped(exc: Exception, dialect: Dialect, statement: Any, params: Any) -> DBAPIError:
    """The DBAPI's error as the SQLAlchemy exception `execute` would have raised."""
    error = DBAPIError.instance(
        str(statement), params, exc, dialect.loaded_dbapi.Error, dialect=dialect
    )
    return cast(DBAPIError, error)  # a StatementError only for non-DBAPI errors, never here
