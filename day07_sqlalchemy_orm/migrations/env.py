"""Alembic's environment: run migrations on the connection `migrate.py` hands over.

Configured programmatically (no alembic.ini): `day07_sqlalchemy_orm.migrate` builds the
Config, opens a connection with the package's engine hooks and passes it in
`config.attributes["connection"]`, and the `History` to run (day 7's, or a later day's line
of revisions with its own version table) in `config.attributes["history"]`. Run on its own
(e.g. `alembic -x url=...`), it builds an engine from `sqlalchemy.url`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from day07_sqlalchemy_orm.db import create_engine_from_url
from day07_sqlalchemy_orm.migrate import DAY07, History

config = context.config
history: History = config.attributes.get("history", DAY07)
target_metadata = history.metadata


def run_migrations_offline() -> None:
    """Emit the SQL to stdout instead of running it (`--sql` mode)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        version_table=history.version_table,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode recreates the table.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        version_table=history.version_table,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a fresh engine's."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine_from_url(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
