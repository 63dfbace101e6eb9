"""The app factory: create_app(settings, sources=...) builds a fresh FastAPI app.

No app exists at import time. The lifespan opens the gateway (one AsyncClient, a guard per
upstream) when the server starts and closes its connections when it stops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import anyio.lowlevel
from fastapi import FastAPI

from day04_fastapi_tasks import install_docs
from day12_async_fanout.config import Settings
from day12_async_fanout.gateway import Gateway
from day12_async_fanout.routes import router
from day12_async_fanout.sources import Source, default_sources
from shared.fastapi_problems import install_problem_handlers

DESCRIPTION = (
    "Gathers several public APIs at once, with a deadline, partial results, retries, "
    "circuit breakers and hedged requests (day 12 of the backend course)."
)


def create_app(
    settings: Settings | None = None, *, sources: Sequence[Source] | None = None
) -> FastAPI:
    """Build the overview API over `sources` (weather, crypto, fx and wiki by default)."""
    settings = settings or Settings()
    chosen = list(sources) if sources is not None else default_sources(settings.urls)
    names = [source.name for source in chosen]
    if not names or len(set(names)) != len(names):
        raise ValueError(f"sources need distinct names, and at least one: {names}")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.gateway = Gateway.open(chosen, settings)
        # httpx runs on anyio, which imports its asyncio backend on first use: tens of
        # milliseconds on the event loop. Pay them at start-up, not in the first request.
        await anyio.lowlevel.checkpoint()
        # So is anyio's file module, through which Starlette's StaticFiles reads the /docs
        # assets (~15 ms in the first such request under pytest, which rewrites anyio's
        # modules as a plugin's): load it now too.
        anyio.open_file  # noqa: B018 (the attribute access is the import)
        # FastAPI builds its OpenAPI document on the first /openapi.json or /docs request,
        # a synchronous ~20 ms in the event loop: build it now, before any request waits.
        app.openapi()
        try:
            yield
        finally:
            await app.state.gateway.aclose()

    app = FastAPI(
        title=settings.title,
        version=settings.version,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.include_router(router)
    install_problem_handlers(app)
    install_docs(app)
    return app
