"""Settings: the database (DATABASE_URL) and whether changes must carry If-Match."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

DEFAULT_DATABASE_URL = "sqlite:///var/day11.db"


class Settings(ServiceSettings):
    """Day 11's settings, read from the environment (tests construct `Settings(...)`).

    `DATABASE_URL` picks SQLite (the default, a file under var/) or PostgreSQL;
    `DAY11_REQUIRE_IF_MATCH=1` makes PUT, PATCH and DELETE without If-Match a 428.
    """

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = DEFAULT_DATABASE_URL
    day11_require_if_match: bool = False
    day11_echo_sql: bool = False
