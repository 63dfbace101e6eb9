"""Settings: the database, the broker (or none), the upload folder and the retry policy.

Read from the environment (`DATABASE_URL`, `REDIS_URL`, `DAY13_*`); tests construct
`Settings(...)`. `REDIS_URL` unset means no broker: the app processes uploads in threads of
its own process (the in-process runner), with everything that implies (see README).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/day13.db"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"  # what `worker` uses when REDIS_URL is unset
MIB = 1024 * 1024


class Settings(BaseSettings):
    """Day 13's settings; every field can be set by its upper-case environment variable."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None  # set: Celery on this Redis; unset: the in-process runner
    day13_upload_dir: Path = Path("var/day13-uploads")
    day13_max_upload_bytes: int = Field(default=64 * MIB, ge=1)
    day13_queue: str = Field(default="day13", min_length=1)
    # Prepended by kombu to every Redis key it uses: tests give each run its own keys.
    day13_key_prefix: str = ""
    # How long Redis waits before handing an unacknowledged upload to another worker (README:
    # "The visibility timeout"). Longer than the slowest upload and the longest retry delay.
    day13_visibility_timeout: float = Field(default=600.0, gt=0)
    # How long a worker's claim on an upload lasts unless renewed (it renews as it reads).
    day13_lease_seconds: float = Field(default=30.0, gt=0)
    # Transient failures (I/O, the database) are retried after 2 s, 4 s, 8 s ... (at most
    # `day13_retry_delay_max`); the upload fails after `day13_max_attempts` attempts.
    day13_max_attempts: int = Field(default=5, ge=1)
    day13_retry_delay: float = Field(default=2.0, ge=0)
    day13_retry_delay_max: float = Field(default=60.0, ge=0)
    day13_threads: int = Field(default=2, ge=1)  # the in-process runner's worker threads

    @property
    def runner_name(self) -> str:
        """`celery` when a broker is configured, else `in-process`."""
        return "celery" if self.redis_url else "in-process"
