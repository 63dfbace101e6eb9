"""The FastAPI twin: day 11's library API served by FastAPI, validated and dumped by pydantic.

`create_fastapi_app(settings, *, session_factory=None, validator=None)` mirrors day 11's
factory: the same settings (`DATABASE_URL`, `DAY11_REQUIRE_IF_MATCH`), the same tables and
repository, the same problem+json errors (`shared.fastapi_problems`, with day 11's error
types and statuses), and the merged contract at /openapi.json instead of one FastAPI would
generate: the two apps publish one document.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day11_rest_library import Settings, errors
from day18_validation.contract import contract_bytes, load_contract
from day18_validation.fastapi_routes import authors, books, loans
from day18_validation.validators import PydanticValidator, Validator
from shared.fastapi_problems import install_problem_handlers, problem_response

logger = logging.getLogger(__name__)


def create_fastapi_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    validator: Validator | None = None,
) -> FastAPI:
    """The twin on `settings` (default: the environment's), validated by pydantic by default."""
    settings = settings or Settings()
    engine: Engine | None = None
    if session_factory is None:
        engine = create_engine_from_url(settings.database_url, echo=settings.day11_echo_sql)
        session_factory = make_session_factory(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if engine is not None:
            engine.dispose()

    app = FastAPI(
        title="Day 18 library API (FastAPI twin)",
        openapi_url=None,  # the contract is served as written, below
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    # solution: the state the routes read; problem handlers with day 11's statuses; routers
    app.state.session_factory = session_factory
    app.state.validator = validator or PydanticValidator()
    app.state.require_if_match = settings.day11_require_if_match
    install_problem_handlers(app, errors=errors.STATUSES)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    for router in (books, authors, loans):
        app.include_router(router)
    # end solution
    app.add_api_route("/openapi.json", _openapi, include_in_schema=False)
    return app


async def _openapi() -> Response:
    return Response(contract_bytes(), media_type="application/json")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    """problem+json for HTTP errors; a 405's Allow lists every method of the path."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed(request))
    return problem_response(exc.status_code, str(exc.detail), headers=headers)


def _allowed(request: Request) -> list[str]:
    """The methods the contract documents for this request's path (ids are digits)."""
    path = request.url.path
    for template, methods in _contract_methods().items():
        if re.fullmatch(re.sub(r"\\{\w+\\}", "[0-9]+", re.escape(template)), path):
            return methods
    return []


@cache
def _contract_methods() -> dict[str, list[str]]:
    paths = load_contract()["paths"]
    verbs = ("get", "post", "put", "patch", "delete")
    return {path: [v.upper() for v in verbs if v in item] for path, item in paths.items()}


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("database unavailable: %s", getattr(exc, "orig", exc))
    return problem_response(503, "The database is unavailable or busy; try again shortly.")
