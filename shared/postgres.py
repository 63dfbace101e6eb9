"""Throw-away PostgreSQL databases: created empty, dropped (even with open connections) after.

Tests and benchmarks that commit for real get a database of their own, so their rows and
tables never meet another day's. Needs psycopg 3 and SQLAlchemy (every PostgreSQL day has both).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def temporary_database(server_url: str, *, prefix: str = "course_tmp") -> Iterator[str]:
    """Create a uniquely named database on the server of `server_url`; yield its URL; drop it.

    The yielded URL keeps the driver, user and options of `server_url`, only the database
    changes (e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/course_tmp_1a2b3c4d5e6f`).
    """
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
