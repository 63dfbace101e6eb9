"""Settings: day 8's (DATABASE_URL, ...) plus REDIS_URL and the cache's DAY10_* options.

Durations are in seconds (floats, so a test can ask for a 20 ms TTL). Tests construct
`Settings(...)` directly; the environment fills in whatever they leave out.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from day08_reports import Settings as Day08Settings

DEFAULT_DATABASE_URL = "sqlite:///var/day10.db"


class Settings(Day08Settings):
    """Day 10's settings: where Redis is and how the cache behaves.

    - `REDIS_URL`: the Redis server (default redis://127.0.0.1:6379/0).
    - `DAY10_CACHE_PREFIX`: every key the app writes starts with it (one app, one prefix).
    - `DAY10_TASK_TTL` / `DAY10_REPORT_TTL`: how long task reads and reports stay cached.
    - `DAY10_TTL_JITTER`: each TTL is stretched or shrunk by up to this fraction, so keys
      written together do not all expire (and get recomputed) in the same instant.
    - `DAY10_SOCKET_TIMEOUT`: the longest a Redis call may take before the cache gives up and
      the request is answered from the database.
    - `DAY10_RETRY_AFTER`: after Redis failed, wait this long before trying it again.
    - `DAY10_LOCK_TIMEOUT`: a report's compute lock expires after this (a crashed holder
      cannot block the others for longer); waiters also give up waiting after it.
    """

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    database_url: str = DEFAULT_DATABASE_URL
    day10_cache_prefix: str = Field(default="day10:", min_length=1)
    day10_task_ttl: float = Field(default=60.0, gt=0)
    day10_report_ttl: float = Field(default=300.0, gt=0)
    day10_ttl_jitter: float = Field(default=0.1, ge=0, lt=1)
    day10_socket_timeout: float = Field(default=0.1, gt=0)
    day10_retry_after: float = Field(default=5.0, gt=0)
    day10_lock_timeout: float = Field(default=10.0, gt=0)
