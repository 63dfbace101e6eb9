"""Cache day 8's report routes: each GET /reports/... endpoint wrapped in `get_or_compute`.

Day 8's routes call its report functions directly, so the cache goes around each route's
endpoint instead: `cached_router(day08_router, cache)` copies the router, and each GET
route's endpoint (same signature, same OpenAPI entry) first looks in Redis. The key
is the route, its parameters (filters, `today`) and the representation (JSON or CSV, by the
Accept header); the stored value is what the endpoint answered. Reports are expensive, so
misses go through the compute lock: one request computes, identical ones wait for it.

For code that calls a report function itself, `RedisCache.cached` does the same job:
`cache.cached("reports", ignore=("session",))(completion_rate)`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.routing import APIRoute, APIRouter
from pydantic import BaseModel
from sqlalchemy.orm import Session

from day08_reports import wants_csv
from day10_redis_cache.cache import RedisCache
from day10_redis_cache.invalidation import REPORTS

_NOT_KEY = (Session, Request, Response)  # per-request objects, not inputs of the report
_RESPONSE_HEADERS_SET_BY_STARLETTE = frozenset({"content-length", "content-type"})


class CachedAnswer(BaseModel):
    """What a report endpoint answered, in a form that round-trips through JSON."""

    report: Any = None  # the report model as JSON data (FastAPI validates it again)
    body: str | None = None  # or a ready response's body (the CSV form)
    media_type: str | None = None
    status_code: int = 200
    headers: dict[str, str] = {}

    @classmethod
    def of(cls, result: Any, response: Response | None) -> CachedAnswer:
        """Capture an endpoint's return value and the headers it set."""
        if isinstance(result, Response):
            headers = {
                name: value
                for name, value in result.headers.items()
                if name not in _RESPONSE_HEADERS_SET_BY_STARLETTE
            }
            return cls(
                body=bytes(result.body).decode(),
                media_type=result.headers.get("content-type"),
                status_code=result.status_code,
                headers=headers,
            )
        headers = dict(response.headers) if response is not None else {}
        return cls(report=jsonable_encoder(result), headers=headers)

    def replay(self, response: Response | None) -> Any:
        """The value to return from the endpoint: a Response, or the report data."""
        if self.body is not None:
            return Response(
                self.body,
                status_code=self.status_code,
                headers=self.headers,
                media_type=self.media_type,
            )
        if response is not None:
            response.headers.update(self.headers)
        return self.report


def cached_router(
    source: APIRouter, cache: RedisCache, *, namespace: str = REPORTS, ttl: float | None = None
) -> APIRouter:
    """A copy of `source` whose GET routes answer through the cache (other routes as they are).

    The source router is only read: its routes keep working uncached wherever else it is used.
    """
    router = APIRouter()
    for route in source.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"cannot cache {route!r}: only APIRoute routes are supported")
        endpoint = route.endpoint
        if "GET" in (route.methods or ()):
            endpoint = _cached_endpoint(route, cache, namespace=namespace, ttl=ttl)
        _add_copy(router, route, endpoint)
    return router


def _cached_endpoint(
    route: APIRoute, cache: RedisCache, *, namespace: str, ttl: float | None
) -> Callable[..., Any]:
    endpoint = route.endpoint

    # functools.wraps keeps the signature (FastAPI reads it through __wrapped__), so the
    # wrapper receives exactly the parameters the original endpoint declares.
    @functools.wraps(endpoint)
    def cached_endpoint(**values: Any) -> Any:
        request = _first(values, Request)
        response = _first(values, Response)
        wanted = "csv" if request and wants_csv(request.headers.get("accept", "")) else "json"
        inputs = {k: v for k, v in values.items() if not isinstance(v, _NOT_KEY)}
        key = f"{route.path}:{wanted}:{json.dumps(inputs, sort_keys=True, default=str)}"
        answer = cache.get_or_compute(
            namespace,
            key,
            lambda: CachedAnswer.of(endpoint(**values), response),
            ttl=ttl,
            type_=CachedAnswer,
        )
        return answer.replay(response)

    return cached_endpoint


def _first(values: dict[str, Any], kind: type[Any]) -> Any:
    return next((v for v in values.values() if isinstance(v, kind)), None)


def _add_copy(router: APIRouter, route: APIRoute, endpoint: Callable[..., Any]) -> None:
    """Add a route like `route` (path, documentation, response model) with another endpoint."""
    router.add_api_route(
        route.path,
        endpoint,
        methods=sorted(route.methods or ()),
        response_model=route.response_model,
        status_code=route.status_code,
        tags=route.tags,
        dependencies=route.dependencies,
        summary=route.summary,
        description=route.description,
        response_description=route.response_description,
        responses=route.responses,
        deprecated=route.deprecated,
        operation_id=route.operation_id,
        include_in_schema=route.include_in_schema,
        response_class=route.response_class,
        name=route.name,
        openapi_extra=route.openapi_extra,
    )
