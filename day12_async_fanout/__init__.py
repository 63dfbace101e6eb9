"""Day 12: GET /overview gathers several upstream APIs at once with asyncio, httpx and FastAPI:
a global deadline, partial results, retries, circuit breakers, hedged requests.

Later days reuse `CircuitBreaker` (with `release()` for cancelled calls), `hedged` with
`HedgeBudget` and `LatencyWindow`, `cancel_on_disconnect`, and `create_app(sources=...)`
with their own `Source`s.
"""

from day12_async_fanout.app import create_app
from day12_async_fanout.breaker import BreakerState, CircuitBreaker
from day12_async_fanout.config import DEFAULT_PORT, Settings, UpstreamUrls
from day12_async_fanout.deps import GatewayDep, SettingsDep, get_gateway, get_settings
from day12_async_fanout.disconnect import cancel_on_disconnect, wait_for_disconnect
from day12_async_fanout.errors import (
    ClientDisconnected,
    Day12Error,
    UpstreamBodyError,
    UpstreamError,
    UpstreamStatusError,
)
from day12_async_fanout.fanout import fan_out, one_by_one, overall_status
from day12_async_fanout.gateway import Gateway, build_client
from day12_async_fanout.hedging import HedgeBudget, LatencyWindow, hedged
from day12_async_fanout.routes import router
from day12_async_fanout.schemas import (
    FanoutProblem,
    Mode,
    Overview,
    SourceResult,
    Status,
    UpstreamState,
)
from day12_async_fanout.sources import OverviewQuery, Source, default_sources, json_source
from day12_async_fanout.upstream import Upstream
from day12_async_fanout.upstream_http import get_json

__all__ = [
    "DEFAULT_PORT",
    "BreakerState",
    "CircuitBreaker",
    "ClientDisconnected",
    "Day12Error",
    "FanoutProblem",
    "Gateway",
    "GatewayDep",
    "HedgeBudget",
    "LatencyWindow",
    "Mode",
    "Overview",
    "OverviewQuery",
    "Settings",
    "SettingsDep",
    "Source",
    "SourceResult",
    "Status",
    "Upstream",
    "UpstreamBodyError",
    "UpstreamError",
    "UpstreamState",
    "UpstreamStatusError",
    "UpstreamUrls",
    "build_client",
    "cancel_on_disconnect",
    "create_app",
    "default_sources",
    "fan_out",
    "get_gateway",
    "get_json",
    "get_settings",
    "hedged",
    "json_source",
    "one_by_one",
    "overall_status",
    "router",
    "wait_for_disconnect",
]
