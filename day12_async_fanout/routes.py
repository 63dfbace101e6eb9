"""GET /overview (the fan-out) and GET /upstreams (what the guards know right now).

Every status a route can answer is in `responses=`, so the OpenAPI schema tells clients (and
schemathesis) the whole truth: 200 with a status per source as soon as one answered, 502 or
504 as problem+json (with the same `sources`) when none did, 422 for a bad query.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from day12_async_fanout.deps import GatewayDep
from day12_async_fanout.disconnect import cancel_on_disconnect
from day12_async_fanout.errors import ClientDisconnected
from day12_async_fanout.fanout import overall_status
from day12_async_fanout.schemas import FanoutProblem, Mode, Overview, UpstreamState
from day12_async_fanout.sources import OverviewQuery
from shared.fastapi_problems import problem_response, problem_responses
from shared.problems import PROBLEM_JSON
from shared.types import NOT_BLANK

logger = logging.getLogger(__name__)

COINS_PATTERN = r"^[a-z0-9-]{1,64}(,[a-z0-9-]{1,64}){0,9}$"
CLIENT_CLOSED_REQUEST = 499  # nginx's code for it: nobody reads this answer

CityQuery = Annotated[
    str, Query(min_length=1, max_length=100, pattern=NOT_BLANK, description="A city name.")
]
CoinsQuery = Annotated[
    str, Query(pattern=COINS_PATTERN, description="Up to 10 CoinGecko ids, comma-separated.")
]
CurrencyQuery = Annotated[
    str, Query(pattern=r"^[a-z]{3}$", description="Prices in this currency (usd, eur).")
]
ModeQuery = Annotated[Mode, Query(description="sequential: the same calls one by one.")]

router = APIRouter(tags=["overview"])


def _fanout_problem(description: str) -> dict[str, Any]:
    # The schema's $refs point at the components FastAPI writes for the 200's models.
    schema = FanoutProblem.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


@router.get(
    "/overview",
    response_model=Overview,
    summary="Weather, prices, exchange rates and a summary of a city, gathered at once",
    responses={
        502: _fanout_problem("No source answered, and not every one timed out."),
        504: _fanout_problem("Every source timed out."),
        **problem_responses({422: "The query failed validation."}),
    },
)
async def overview(
    request: Request,
    gateway: GatewayDep,
    city: CityQuery = "Berlin",
    coins: CoinsQuery = "bitcoin,ethereum",
    currency: CurrencyQuery = "usd",
    mode: ModeQuery = "concurrent",
) -> Any:
    """Every source at once within the deadline: 200 with a status per source if any answered."""
    query = OverviewQuery(
        city=city.strip(), coins=tuple(dict.fromkeys(coins.split(","))), currency=currency
    )
    try:
        results, elapsed = await cancel_on_disconnect(
            request.receive, gateway.overview(query, mode=mode)
        )
    except ClientDisconnected as exc:
        logger.info("%s (overview of %s)", exc, query.city)
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    status = overall_status(results)
    if status != 200:
        detail = "No source answered: " + "; ".join(
            f"{name} {result.status}" for name, result in results.items()
        )
        sources = {name: result.model_dump(mode="json") for name, result in results.items()}
        return problem_response(status, detail + ".", sources=sources)
    return Overview(
        city=query.city,
        coins=list(query.coins),
        currency=query.currency,
        mode=mode,
        elapsed_ms=elapsed,
        answered=sum(result.status == "ok" for result in results.values()),
        sources=results,
    )


@router.get("/upstreams", response_model=list[UpstreamState], summary="The upstreams' guards")
async def upstreams(gateway: GatewayDep) -> list[UpstreamState]:
    """Each upstream's breaker state, call and hedge counts, requests in flight and p95."""
    return gateway.states()
