"""The app factory: settings and the MongoDB collection on `app.state`, indexes at start-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bson import CodecOptions
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure

from day04_fastapi_tasks import install_allow_header, install_docs
from day09_mongo_activity import store
from day09_mongo_activity.body_limit import BodySizeLimit
from day09_mongo_activity.config import Settings
from day09_mongo_activity.errors import ERROR_STATUS, DatabaseUnavailable
from day09_mongo_activity.routes import router
from shared.fastapi_problems import install_problem_handlers, problem_response

logger = logging.getLogger(__name__)

COLLECTION = "activities"


def create_app(settings: Settings | None = None, *, client: Any = None) -> FastAPI:
    """Build the API. `client` (pymongo or mongomock) is used as is and left open for its owner;
    without it one is created from `settings.mongodb_url` at start-up and closed at shutdown.
    """
    settings = settings if settings is not None else Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = client is None
        mongo = _connect(settings) if owned else client
        try:
            collection = mongo[settings.database].get_collection(
                COLLECTION, codec_options=CodecOptions(tz_aware=True)
            )
            await run_in_threadpool(_prepare, collection, settings)
            app.state.collection = collection
            yield
        finally:
            if owned:
                mongo.close()

    app = FastAPI(
        title="Activity log API (day 9)",
        summary="Unstructured user-activity logs in MongoDB through pymongo.",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,  # day 4's offline Swagger UI instead of the CDN-loaded default
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    install_problem_handlers(app, errors=ERROR_STATUS)
    app.add_exception_handler(ConnectionFailure, _database_down)
    app.include_router(router)
    install_allow_header(app)  # a 405's Allow lists every method of the path (day 4)
    install_docs(app)
    return app


def _connect(settings: Settings) -> Any:
    if settings.mongodb_url:
        from pymongo import MongoClient

        logger.info("using MongoDB from MONGODB_URL")
        return MongoClient(
            settings.mongodb_url, serverSelectionTimeoutMS=settings.mongodb_timeout_ms
        )
    import mongomock

    logger.warning(
        "MONGODB_URL is not set: using mongomock, an in-memory MongoDB; "
        "nothing is persisted and everything is lost at shutdown"
    )
    return mongomock.MongoClient()


def _prepare(collection: Any, settings: Settings) -> None:
    try:
        store.ensure_indexes(collection, retention_days=settings.retention_days)
    except ConnectionFailure as exc:
        raise DatabaseUnavailable(
            f"MongoDB did not answer at start-up: {exc}",
            hint="start the server, fix MONGODB_URL, or unset it to use mongomock",
        ) from exc


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    logger.error("MongoDB did not answer: %s", exc)
    return problem_response(503, "The database did not answer; try again later.")
