"""Alembic, driven from Python: upgrade, downgrade and "is the schema current?".

No alembic.ini is needed: `alembic_config()` points Alembic at the `migrations/` folder
inside this package, and every command runs on a connection opened with the package's
engine hooks (SQLite foreign keys and transactional DDL included).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from day07_sqlalchemy_orm.db import create_engine_from_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic Config for this package's migrations against `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation treats "%" specially (URL-encoded passwords contain it).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (default: the newest)."""
    _run(url, revision, downgrade=False)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the database at `url` down to `revision` (default: empty)."""
    _run(url, revision, downgrade=True)


migrate = upgrade


def current_revision(url: str) -> str | None:
    """The revision the database at `url` is at; None for a database never migrated."""
    engine = create_engine_from_url(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest revision in `migrations/versions/`."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _run(url: str, revision: str, *, downgrade: bool) -> None:
    config = alembic_config(url)
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
