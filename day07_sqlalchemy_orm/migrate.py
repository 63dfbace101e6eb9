"""Alembic, driven from Python: upgrade, downgrade and "is the schema current?".

No alembic.ini is needed: `alembic_config()` points Alembic at the `migrations/` folder
inside this package, and every command runs on a connection opened with the package's
engine hooks (SQLite foreign keys and transactional DDL included).

A later day with tables of its own (day 8's inventory) keeps its own line of revisions in
the same database: a `History` names its versions folder, its version table and its models,
and `upgrade(url, history=...)` runs it through the same `migrations/env.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData

from day07_sqlalchemy_orm.db import create_engine_from_url
from day07_sqlalchemy_orm.models import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class History:
    """One line of migrations: where its revisions are, where it records its revision, and
    the models its revisions create (for autogenerate and the "models match" check)."""

    versions: Path
    version_table: str
    metadata: MetaData


DAY07 = History(MIGRATIONS / "versions", "alembic_version", Base.metadata)


def alembic_config(url: str, *, history: History = DAY07) -> Config:
    """An Alembic Config for `history`'s migrations against `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")  # version_locations is one path, any name
    config.set_main_option("version_locations", str(history.versions))
    # ConfigParser interpolation treats "%" specially (URL-encoded passwords contain it).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["history"] = history
    return config


def upgrade(url: str, revision: str = "head", *, history: History = DAY07) -> None:
    """Migrate the database at `url` up to `revision` (default: the newest)."""
    _run(url, revision, downgrade=False, history=history)


def downgrade(url: str, revision: str = "base", *, history: History = DAY07) -> None:
    """Migrate the database at `url` down to `revision` (default: empty)."""
    _run(url, revision, downgrade=True, history=history)


migrate = upgrade


def current_revision(url: str, *, history: History = DAY07) -> str | None:
    """The revision the database at `url` is at; None for a database never migrated."""
    engine = create_engine_from_url(url)
    options = {"version_table": history.version_table}
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts=options)
            return context.get_current_revision()
    finally:
        engine.dispose()


def head_revision(*, history: History = DAY07) -> str | None:
    """The newest revision in `history`'s versions folder."""
    config = alembic_config("sqlite://", history=history)
    return ScriptDirectory.from_config(config).get_current_head()


def _run(url: str, revision: str, *, downgrade: bool, history: History) -> None:
    config = alembic_config(url, history=history)
    engine = create_engine_from_url(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if downgrade:
                command.downgrade(config, revision)
            else:
                command.upgrade(config, revision)
    finally:
        engine.dispose()
