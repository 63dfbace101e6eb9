"""Settings: the database, Redis (cache, rate limits, broker), token and password policy.

Read from the environment (`DATABASE_URL`, `REDIS_URL`, `DAY20_*`); tests construct
`Settings(...)`. `REDIS_URL` unset is the embedded default: no cache, in-memory rate limits
and the in-process background runner. The signing key has no default outside development:
an unset `DAY20_SECRET_KEY` gets a random one per process (tokens die with the process).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/day20.db"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"  # what `worker` uses when REDIS_URL is unset
PLACEHOLDERS = frozenset({"", "changeme", "secret", "change-me"})
KIB = 1024


class Settings(BaseSettings):
    """Day 20's settings; every field can be set by its upper-case environment variable."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None  # cache, rate limits and Celery; unset: all in-process
    day20_environment: str = "development"
    day20_secret_key: SecretStr | None = None
    day20_issuer: str = "day20-capstone"
    day20_audience: str = "day20-api"
    day20_access_minutes: float = Field(default=15.0, gt=0)
    day20_refresh_days: float = Field(default=14.0, gt=0)
    # argon2id parameters: the defaults are argon2-cffi's (RFC 9106 low-memory: t=3, 64 MiB,
    # p=4); tests lower them so hundreds of logins take milliseconds.
    day20_argon2_time_cost: int = Field(default=3, ge=1)
    day20_argon2_memory_kib: int = Field(default=64 * KIB, ge=8)
    day20_argon2_parallelism: int = Field(default=4, ge=1)
    day20_password_min_length: int = Field(default=10, ge=8)
    # Login throttling: attempts per window, per account (email) and per client (IP).
    day20_login_per_account: int = Field(default=5, ge=1)
    day20_login_per_client: int = Field(default=20, ge=1)
    day20_login_window_seconds: float = Field(default=60.0, gt=0)
    day20_max_body_bytes: int = Field(default=64 * KIB, ge=KIB)
    day20_max_upload_bytes: int = Field(default=2 * KIB * KIB, ge=KIB)
    day20_cache_ttl: float = Field(default=60.0, gt=0)
    day20_key_prefix: str = "day20:"  # Redis keys (cache, limits); tests use their own
    day20_queue: str = Field(default="day20", min_length=1)
    day20_files: Path = Path("var/day20-files")  # uploaded imports and finished exports
    day20_threads: int = Field(default=2, ge=1)
    # The overdue sweep: every this many seconds (0: never), by a timer of the API process
    # (no REDIS_URL) or by Celery beat. Due dates are days, so minutes apart is plenty.
    day20_sweep_seconds: float = Field(default=300.0, ge=0)
    # Celery (REDIS_URL): a delivery not acknowledged this long after it was handed out (a
    # killed worker's) goes to another worker. Longer than the slowest job.
    day20_visibility_timeout: float = Field(default=600.0, gt=0)
    day20_seed_demo: bool = True  # create the demo account on start-up (development only)
    # Apply migrations when the app starts (the embedded default). In production, run
    # `python -m day20_capstone migrate` once per release instead: N processes starting at
    # once must not race to migrate.
    day20_migrate_on_start: bool = True

    @model_validator(mode="after")
    def _argon2_memory(self) -> Settings:
        if self.day20_argon2_memory_kib < 8 * self.day20_argon2_parallelism:
            raise ValueError(
                "DAY20_ARGON2_MEMORY_KIB must be at least 8 x DAY20_ARGON2_PARALLELISM"
            )
        return self

    @model_validator(mode="after")
    def _real_secret(self) -> Settings:
        key = self.day20_secret_key.get_secret_value() if self.day20_secret_key else ""
        if key.lower() not in PLACEHOLDERS and len(key) >= 16:
            return self
        if self.day20_environment != "development":
            raise ValueError("DAY20_SECRET_KEY must be a real secret (16+ characters) here")
        self.day20_secret_key = SecretStr(secrets.token_urlsafe(32))  # this process only
        return self

    @property
    def secret_key(self) -> str:
        """The token signing key (never logged)."""
        assert self.day20_secret_key is not None  # the validator always sets one
        return self.day20_secret_key.get_secret_value()

    @property
    def runner_name(self) -> str:
        """`celery` when a broker is configured, else `in-process`."""
        return "celery" if self.redis_url else "in-process"
