"""The WSGI middleware (around `app.wsgi_app`) and `instrument_wsgi` for Flask apps.

The same duties as the ASGI one. The route template comes from Flask itself: a first
`before_request` hook notes `request.url_rule` in the WSGI environ (None: no route matched).
Flask answers an unhandled exception itself (logging its traceback through `app.logger`, in
the request's context); our 500 handler makes that answer a problem+json carrying the id.
With PROPAGATE_EXCEPTIONS (testing mode) the exception reaches the middleware, which does both.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, request
from prometheus_client import CollectorRegistry
from werkzeug.exceptions import InternalServerError

from day16_logging.access import error_logger, log_access, server_error_body
from day16_logging.context import (
    REQUEST_ID_HEADER,
    RequestContext,
    bind_context,
    bind_request,
    current_context,
    current_request_id,
    request_id_from,
    unbind_request,
)
from day16_logging.health import HEALTH_PATHS, Answer, answer
from day16_logging.metrics import UNMATCHED, Metrics

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

ROUTE_KEY = "day16.route"


def instrument_wsgi(
    app: Flask,
    *,
    ready_checks: Mapping[str, Callable[[], object]] | None = None,
    registry: CollectorRegistry | None = None,
    service: str = "library",
) -> Flask:
    """Add request logging, metrics and the health routes to a Flask app; return it."""
    metrics = Metrics.create(registry, service)
    app.extensions["day16_metrics"] = metrics
    app.before_request_funcs.setdefault(None, []).insert(0, _note_route)
    app.register_error_handler(InternalServerError, _server_error)
    app.wsgi_app = ObservabilityMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, metrics=metrics, checks=dict(ready_checks or {})
    )
    return app


def _note_route() -> None:
    rule = request.url_rule
    request.environ[ROUTE_KEY] = rule.rule if rule is not None else None


def _server_error(error: InternalServerError) -> Response:
    body, content_type = server_error_body(current_request_id())
    return Response(body, status=500, content_type=content_type)


class ObservabilityMiddleware:
    """Request id, access line, metrics, health routes and the 500 answer, for a WSGI app."""

    def __init__(
        self,
        app: WSGIApplication,
        *,
        metrics: Metrics,
        checks: Mapping[str, Callable[[], object]],
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.checks = checks
        self.in_flight = metrics.in_flight.labels(metrics.service)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        # solution: bind the request id, echo it, answer health paths and unhandled errors,
        # and log the access line once the body has been sent
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        token = bind_request(request_id)
        context = current_context()
        status = [500]

        def start(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(status_line[:3])
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        self.in_flight.inc()
        started = time.perf_counter()

        def finish(size: int) -> None:
            self.in_flight.dec()
            self._record(environ, status[0], size, time.perf_counter() - started)

        try:
            body = self._answer(environ, start)
        except Exception:
            error_logger.exception(
                "unhandled error in %s %s", environ["REQUEST_METHOD"], environ["PATH_INFO"]
            )
            data, content_type = server_error_body(request_id)
            start("500 INTERNAL SERVER ERROR", [("Content-Type", content_type)])
            body = [data]
        finally:  # the thread may serve another request before this body is sent
            unbind_request(token)
        return _Body(body, context, finish)
        # end solution

    def _answer(self, environ: WSGIEnvironment, start: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path in HEALTH_PATHS:
            found = answer(path, checks=self.checks, metrics=self.metrics)
            assert found is not None
            return _send_answer(start, found)
        return self.app(environ, start)

    def _record(self, environ: WSGIEnvironment, status: int, size: int, seconds: float) -> None:
        path = environ.get("PATH_INFO", "")
        route = path if path in HEALTH_PATHS else environ.get(ROUTE_KEY) or UNMATCHED
        method = environ["REQUEST_METHOD"]
        self.metrics.observe(method=method, route=route, status=status, seconds=seconds)
        query = environ.get("QUERY_STRING", "")
        log_access(
            method=method,
            route=route,
            path=path + (f"?{query}" if query else ""),
            status=status,
            seconds=seconds,
            size=size,
            client=environ.get("REMOTE_ADDR"),
        )


class _Body:
    """The app's body, passed on chunk by chunk; counts the bytes, reports once it is sent.

    "Sent" is when the server has read the last chunk or closed the body, whichever is first
    (a server always closes it; a test client may only read it).
    """

    def __init__(
        self,
        body: Iterable[bytes],
        context: RequestContext | None,
        finish: Callable[[int], None],
    ) -> None:
        self.body = body
        self.context = context  # bound again while the app's code runs: a generator body logs
        self._finish: Callable[[int], None] | None = finish
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self.body)
        while True:
            token = bind_context(self.context)
            try:
                chunk = next(chunks)
            except StopIteration:
                break
            finally:
                unbind_request(token)
            self.size += len(chunk)
            yield chunk
        self._report()

    def close(self) -> None:
        token = bind_context(self.context)
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            unbind_request(token)
            self._report()

    def _report(self) -> None:
        finish, self._finish = self._finish, None
        if finish is not None:
            token = bind_context(self.context)
            try:
                finish(self.size)
            finally:
                unbind_request(token)


def _send_answer(start: StartResponse, found: Answer) -> list[bytes]:
    headers = [*found.headers, ("Content-Length", str(len(found.body)))]
    start(f"{found.status} {'OK' if found.status == 200 else 'SERVICE UNAVAILABLE'}", headers)
    return [found.body]
