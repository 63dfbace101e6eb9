"""A pydantic-settings base class holding the service URLs under their conventional names.

Web days subclass it and add their own `DAYNN_` options; tests construct `Settings(...)`.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.services import SERVICES


class ServiceSettings(BaseSettings):
    """Service URLs read from DATABASE_URL, REDIS_URL, AMQP_URL and MONGODB_URL."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = "sqlite:///var/app.db"
    redis_url: str = SERVICES["redis"].default_url or ""
    amqp_url: str = SERVICES["rabbitmq"].default_url or ""
    mongodb_url: str | None = None
