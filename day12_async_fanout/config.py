"""Settings of the fan-out API: the deadline, the guards around each upstream, their URLs.

A frozen pydantic model, built directly (tests and the CLI pass values; nothing is read from
the environment): every number a learner tunes in the lesson is one field here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_PORT = 8012


class UpstreamUrls(BaseModel):
    """Where each public API lives; the demo and the tests point them at loopback servers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    geocoding: str = "https://geocoding-api.open-meteo.com"
    forecast: str = "https://api.open-meteo.com"
    coingecko: str = "https://api.coingecko.com/api/v3"
    frankfurter: str = "https://api.frankfurter.dev/v1"
    wikipedia: str = "https://en.wikipedia.org/api/rest_v1"


class Settings(BaseModel):
    """What the app factory needs to know; every duration is in seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = "Overview API"
    version: str = "1.0.0"
    urls: UpstreamUrls = Field(default_factory=UpstreamUrls)

    deadline: float = Field(default=2.0, gt=0, le=60, description="The whole /overview answer.")
    upstream_timeout: float = Field(
        default=1.0, gt=0, le=60, description="One attempt at one source."
    )
    # The pool is shared by every upstream; the per-upstream cap keeps one slow API from
    # holding all of its connections (4 sources x 10 < 100).
    max_connections: int = Field(default=100, ge=1, le=10_000)
    max_keepalive_connections: int = Field(default=20, ge=0, le=10_000)
    keepalive_expiry: float = Field(default=5.0, ge=0)
    concurrency: int = Field(
        default=10, ge=1, le=10_000, description="Calls in flight per upstream."
    )

    retries: int = Field(default=1, ge=0, le=3, description="Extra attempts for idempotent calls.")
    retry_backoff: float = Field(default=0.05, ge=0, le=5)

    breaker_threshold: int = Field(
        default=3, ge=1, description="Consecutive failures that open it."
    )
    breaker_reset: float = Field(default=5.0, gt=0, description="How long it stays open.")

    hedging: bool = True
    hedge_ratio: float = Field(default=0.05, ge=0, le=1, description="Hedges per call, at most.")
    hedge_min_samples: int = Field(
        default=20, ge=1, description="Latencies needed to know the p95."
    )

    @model_validator(mode="after")
    def _keepalive_within_pool(self) -> Settings:
        if self.max_keepalive_connections > self.max_connections:
            raise ValueError(
                f"max_keepalive_connections ({self.max_keepalive_connections}) cannot exceed "
                f"max_connections ({self.max_connections})"
            )
        return self
