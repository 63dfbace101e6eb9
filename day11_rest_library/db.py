"""One SQLAlchemy session per request, kept in Flask's app context (flaskr's `db.py`).

`init_db(app, factory)` stores the session factory on the app and registers the teardown;
`get_session()` opens this request's session the first time a route asks for it and begins
its transaction (read-only for GET, HEAD and OPTIONS: on SQLite it then never waits for a
writer); the teardown closes it, which rolls back whatever was not committed. A route that
writes ends with `commit()`, so a failed commit still becomes an error answer.

The engine comes from day 7's `create_engine_from_url`: on SQLite it sets WAL, a busy timeout,
deferred reads and one writer at a time, which is what lets the file serve 50 connections.
"""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app, g, request
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
