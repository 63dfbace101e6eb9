"""Settings: day 13's (database, upload folder, lease), plus the broker and the queue policy.

Read from the environment (`AMQP_URL`, `DATABASE_URL`, `DAY13_*`, `DAY17_*`); tests construct
`Settings(...)`. Day 13's fields keep their names, so one set of variables configures both the
day-13 processor that the consumer runs and the day-17 parts around it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from day13_background_tasks import Settings as UploadSettings
from shared.services import SERVICES

DEFAULT_AMQP_URL = SERVICES["rabbitmq"].default_url or "amqp://guest:guest@127.0.0.1:5672/%2F"


class Settings(UploadSettings):
    """Day 17's settings; every field can be set by its upper-case environment variable."""

    database_url: str = "sqlite:///var/day17.db"
    day13_upload_dir: Path = Path("var/day17-uploads")
    # The queue decides how often a job is retried (below), not the processor: it never gives up
    # on its own before the queue has parked the job.
    day13_max_attempts: int = Field(default=1000, ge=1)
    amqp_url: str = DEFAULT_AMQP_URL
    # Every exchange and queue is named after this: `day17` (jobs), `day17.retry.1s`, ...
    day17_name: str = Field(default="day17", min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    day17_prefetch: int = Field(default=50, ge=1, le=65535)
    day17_concurrency: int = Field(default=2, ge=1, le=64)
    # A transient failure waits 1 s, then 5 s, then 30 s (one TTL queue each), then is parked.
    day17_retry_delays: tuple[float, ...] = (1.0, 5.0, 30.0)
    # Deliveries of one job the broker allows before it dead-letters it (a job that kills
    # its consumer, or keeps failing unexpectedly, comes back at most this many times).
    day17_delivery_limit: int = Field(default=5, ge=1)
    day17_heartbeat: int = Field(default=30, ge=1)  # seconds; 0 would turn heartbeats off
    # Reconnecting after the broker went away: this long first, doubling up to the max.
    day17_reconnect_delay: float = Field(default=1.0, gt=0)
    day17_reconnect_delay_max: float = Field(default=30.0, gt=0)

    @field_validator("day17_retry_delays")
    @classmethod
    def _delays_grow(cls, delays: tuple[float, ...]) -> tuple[float, ...]:
        if not delays or any(d <= 0 for d in delays) or list(delays) != sorted(delays):
            raise ValueError("retry delays must be positive and growing, e.g. [1, 5, 30]")
        return delays
