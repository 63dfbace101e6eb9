"""The producer API: day 13's upload API, with RabbitMQ as its runner.

Day 13's `create_app(settings, runner=...)` takes any `Runner`; the `Publisher` is one. The
routes are day 13's (`POST /uploads` streams the file to disk, commits the row, submits the
job), so this module only adds the publisher's lifetime: connected (and the topology
declared) before the first request, so a missing broker fails the start-up, closed after.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from day13_background_tasks import create_app as create_upload_app
from day17_rabbitmq_uploads.config import Settings
from day17_rabbitmq_uploads.publisher import Publisher

TITLE = "Uploads processed by RabbitMQ consumers"


def create_app(settings: Settings | None = None, *, publisher: Publisher | None = None) -> FastAPI:
    """Build the producer API; `publisher` replaces the one built from the settings."""
    settings = settings or Settings()
    active = publisher or Publisher(settings)
    app = create_upload_app(settings, runner=active)
    uploads_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(active.connect)
        try:
            async with uploads_lifespan(app):
                yield
        finally:
            if publisher is None:
                await run_in_threadpool(active.close)

    app.router.lifespan_context = lifespan
    app.title = TITLE
    app.state.publisher = active
    return app
