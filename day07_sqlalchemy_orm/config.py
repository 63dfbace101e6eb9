"""Settings: which database to use, read from DATABASE_URL (tests construct `Settings(...)`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

DEFAULT_DATABASE_URL = "sqlite:///var/day07.db"


class Settings(ServiceSettings):
    """Day 7's settings: `DATABASE_URL` picks SQLite (the default) or PostgreSQL.

    `DAY07_MIGRATE_ON_STARTUP=1` makes the app run `alembic upgrade head` in its lifespan;
    the CLI migrates before serving anyway, so the default is off.
    """

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = DEFAULT_DATABASE_URL
    day07_migrate_on_startup: bool = False
    day07_echo_sql: bool = False
