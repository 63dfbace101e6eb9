"""What /overview and /upstreams answer: one result per source, never an exception.

`SourceResult` is the unit of a partial answer: a status (`ok`, `timeout`, `error`,
`circuit_open`), how long the source took, how many attempts it needed and whether a hedged
request answered, plus its data or what went wrong.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.fastapi_problems import Problem

Status = Literal["ok", "timeout", "error", "circuit_open"]
Mode = Literal["concurrent", "sequential"]


class SourceResult(BaseModel):
    """How one source did in one /overview call."""

    model_config = ConfigDict(frozen=True)

    status: Status
    elapsed_ms: float = Field(ge=0, description="From the call's start to its answer.")
    attempts: int = Field(default=0, ge=0, description="Requests made: 2 after a retry.")
    hedged: bool = Field(default=False, description="True when a hedged request gave the answer.")
    detail: str | None = Field(default=None, description="What went wrong, when it did.")
    data: dict[str, Any] | None = Field(default=None, description="The source's answer, when ok.")


class Overview(BaseModel):
    """The gathered answer: 200 as soon as at least one source answered."""

    city: str
    coins: list[str]
    currency: str
    mode: Mode
    elapsed_ms: float = Field(ge=0)
    answered: int = Field(ge=0, description="How many sources are ok.")
    sources: dict[str, SourceResult]


class FanoutProblem(Problem):
    """A 502 or 504 problem: no source answered; `sources` says what each one did."""

    sources: dict[str, SourceResult]


class UpstreamState(BaseModel):
    """What the app knows about one upstream right now (GET /upstreams)."""

    name: str
    breaker: Literal["closed", "open", "half-open"]
    consecutive_failures: int = Field(ge=0)
    calls: int = Field(ge=0, description="Attempts made (hedges not included).")
    hedges: int = Field(ge=0)
    in_flight: int = Field(ge=0)
    p95_ms: float | None = Field(default=None, description="Of recent successes; None until known.")
