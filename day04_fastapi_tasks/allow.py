"""405 answers whose Allow header lists every method of the path, not just one route's.

Starlette checks routes one at a time, so for `/tasks` (a GET route and a POST route) its 405
says `Allow: POST` only. RFC 9110 wants all methods the resource supports, and schemathesis
checks it; this handler collects them from every route matching the path.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from shared.fastapi_problems import problem_response

# Asking each route "would you take this method?" works for included routers too, whose
# routes FastAPI keeps nested rather than in app.router.routes.
_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method that some route of `app` fully matches at the request's path."""
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in app.router.routes
        )
    ]


def install_allow_header(app: FastAPI) -> None:
    """Answer 405 in problem+json with a complete Allow header (call after the routes exist)."""

    async def method_not_allowed(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        allow = ", ".join(allowed_methods(app, request))
        return problem_response(
            405,
            f"{request.method} is not allowed here; use one of: {allow}.",
            headers={"Allow": allow},
        )

    app.add_exception_handler(405, method_not_allowed)
