"""Settings: day 7's (DATABASE_URL picks the database) plus day 8's own options."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from day07_sqlalchemy_orm import Settings as Day07Settings

DEFAULT_DATABASE_URL = "sqlite:///var/day08.db"


class Settings(Day07Settings):
    """Day 8's settings. `DAY08_CREATE_SCHEMA_ON_STARTUP=1` runs `create_schema` in the
    lifespan (day 7's migrations, the inventory tables, the report indexes); the CLI does it
    before serving anyway, so the default is off."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = DEFAULT_DATABASE_URL
    day08_create_schema_on_startup: bool = False
