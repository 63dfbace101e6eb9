"""The ASGI middleware (pure ASGI, no BaseHTTPMiddleware) and `instrument_asgi`.

Per request it binds the request id (from a well-formed X-Request-ID, else new), echoes it in
the response, answers /healthz, /readyz and /metrics itself, writes one access line, counts the
request in the RED metrics by route template, and turns an unhandled exception into a logged
traceback plus a problem+json 500 carrying the request id.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from day16_logging.access import error_logger, log_access, server_error_body
from day16_logging.context import REQUEST_ID_HEADER, bind_request, request_id_from, unbind_request
from day16_logging.health import HEALTH_PATHS, Answer, answer
from day16_logging.metrics import UNMATCHED, Metrics

logger = logging.getLogger(__name__)
_HEADER = REQUEST_ID_HEADER.lower().encode("latin-1")


def instrument_asgi(
    app: FastAPI,
    *,
    ready_checks: Mapping[str, Callable[[], object]] | None = None,
    registry: CollectorRegistry | None = None,
    service: str = "api",
) -> FastAPI:
    """Add request logging, metrics and the health routes to `app` (not started yet); return it.

    `ready_checks` name what /readyz calls (each with a short timeout; raising = not ready);
    `registry` is where the metrics live (a new one when None).
    """
    metrics = Metrics.create(registry, service)
    app.state.metrics = metrics
    app.add_middleware(
        ObservabilityMiddleware,
        metrics=metrics,
        checks=dict(ready_checks or {}),
    )
    return app


class ObservabilityMiddleware:
    """Request id, access line, metrics, health routes and the 500 answer, for one ASGI app."""

    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, checks: Mapping[str, Callable[[], object]]
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.checks = checks
        self.in_flight = metrics.in_flight.labels(metrics.service)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # solution: bind the request id, wrap send (echo the id, count bytes), time the call,
        # answer an unhandled error with a logged traceback and a problem+json 500
        request_id = request_id_from(_header(scope, _HEADER))
        token = bind_request(request_id)
        response = _Response()

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                response.status = message["status"]
                response.started = True
                headers = list(message.get("headers", ()))
                headers.append((_HEADER, request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                response.size += len(message.get("body", b""))
            await send(message)

        in_flight = self.in_flight
        in_flight.inc()
        start = time.perf_counter()
        try:
            await self._answer(scope, receive, send_and_note)
        except Exception:
            error_logger.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if response.started:  # too late for a 500: the server drops the connection
                raise
            body, content_type = server_error_body(request_id)
            await _send_answer(send_and_note, Answer(500, [("content-type", content_type)], body))
        finally:
            seconds = time.perf_counter() - start
            in_flight.dec()
            self._record(scope, response, seconds)
            unbind_request(token)
        # end solution

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if path not in HEALTH_PATHS:
            await self.app(scope, receive, send)
            return
        work = partial(answer, path, checks=self.checks, metrics=self.metrics)
        # the ready checks block: run them off the event loop (the others are quick)
        found = await anyio.to_thread.run_sync(work) if path == "/readyz" else work()
        assert found is not None
        await _send_answer(send, found)

    def _record(self, scope: Scope, response: _Response, seconds: float) -> None:
        route = _route_template(scope)
        method = scope["method"]
        self.metrics.observe(method=method, route=route, status=response.status, seconds=seconds)
        query = scope.get("query_string", b"").decode("latin-1")
        client = scope.get("client")
        log_access(
            method=method,
            route=route,
            path=scope["path"] + (f"?{query}" if query else ""),
            status=response.status,
            seconds=seconds,
            size=response.size,
            client=client[0] if client else None,
        )


class _Response:
    """What the middleware notes of the response on its way out."""

    __slots__ = ("size", "started", "status")

    def __init__(self) -> None:
        self.status = 500  # until the app starts a response
        self.started = False
        self.size = 0


def _route_template(scope: Scope) -> str:
    """`/tasks/{task_id}` for a matched route (FastAPI puts it in the scope), else <unmatched>."""
    # solution: the route template of the route that matched, or <unmatched>
    if scope["path"] in HEALTH_PATHS:
        return str(scope["path"])
    route: Any = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if template is None:
        return UNMATCHED
    return str(scope.get("root_path", "")) + str(template)
    # end solution


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _send_answer(send: Send, found: Answer) -> None:
    headers = [(key.encode(), value.encode()) for key, value in found.headers]
    headers.append((b"content-length", str(len(found.body)).encode()))
    await send({"type": "http.response.start", "status": found.status, "headers": headers})
    await send({"type": "http.response.body", "body": found.body})
