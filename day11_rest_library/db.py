"""One SQLAlchemy session per request, kept in Flask's app context (flaskr's `db.py`).

`init_db(app, factory)` stores the session factory on the app and registers the teardown;
`get_session()` opens this request's session the first time a route asks for it and begins
its transaction (read-only for GET, HEAD and OPTIONS: on SQLite it then never waits for a
writer); the teardown closes it, which rolls back whatever was not committed. A route that
writes ends with `commit()`, so a failed commit still becomes an error answer.

The exception, for speed, is the two hot routes, whose database work is a fixed statement or
two: they skip the session and work on `get_bind()`, what the sessions are bound to.
`GET /books/<id>` reads its one SELECT there (a single statement is a consistent read by
itself); `POST /books` writes in `transaction()`, a Core transaction of its own. A session's
bookkeeping around its connection (about 0.4 ms of CPU a request in a gunicorn worker on the
course machine) cost more than everything else these routes do with the database.

The engine comes from day 7's `create_engine_from_url`: on SQLite it sets WAL, a busy timeout,
deferred reads and one writer at a time, which is what lets the file serve 50 connections.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from flask import Flask, current_app, g, request
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import READ_ONLY

EXTENSION_KEY = "day11_rest_library.sessions"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_db(app: Flask, factory: sessionmaker[Session]) -> None:
    """Give the app its session factory and close each request's session after it."""
    app.extensions[EXTENSION_KEY] = factory
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """This request's session, in a transaction (opened on first use)."""
    # solution: open the session once per app context on `g` (read-only when safe), begin it
    if "db_session" not in g:
        factory = cast(sessionmaker[Session], current_app.extensions[EXTENSION_KEY])
        options = READ_ONLY if request.method in SAFE_METHODS else {}
        g.db_session = factory(execution_options=options)
        g.db_session.begin()
    return cast(Session, g.db_session)
    # end solution


def get_bind() -> Engine | Connection:
    """What this app's sessions are bound to (an Engine; in the tests, a Connection).

    A sessionmaker says so itself; any other session factory (day 18's tests pass one that
    points each test at its own connection) is asked through a session it makes, no I/O.
    """
    factory = current_app.extensions[EXTENSION_KEY]
    if isinstance(factory, sessionmaker):
        return cast(Engine | Connection, factory.kw["bind"])
    with cast(Session, factory()) as session:
        return session.get_bind()


@contextmanager
def transaction() -> Iterator[Connection]:
    """A write transaction on `get_bind()`, no session: committed at the block's end, or undone.

    On an Engine, a connection of its own (day 7's hooks still take SQLite's write lock up
    front, in turn); on a Connection (a test's, inside its transaction), a SAVEPOINT.
    """
    bind = get_bind()
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            yield connection
    else:
        with bind.begin_nested():
            yield bind


def commit() -> None:
    """Commit this request's changes (a write route's last step before it answers)."""
    get_session().commit()


def close_session(exc: BaseException | None = None) -> None:
    """Close the session of this app context, if one was opened; uncommitted work is undone."""
    # solution: pop the session from `g` and close it
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    # end solution
