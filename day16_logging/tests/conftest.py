"""Fixtures: captured JSON log lines, and the two apps wrapped by day 16 (never edited).

- `logs`: `configure_logging(fmt="json")` into a buffer; `logs.lines()` parses every line back.
- `task_app`: day 7's task API on a SQLite file migrated once per session, plus a test router
  (routes that log, fail, name a user, call out over HTTP), wrapped by `instrument_asgi`.
- `library_app`: day 11's library API with the same extra routes, wrapped by `instrument_wsgi`.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from flask import Flask
from flask.testing import FlaskClient

from day07_sqlalchemy_orm import Settings as TaskSettings
from day07_sqlalchemy_orm import create_app as create_task_app
from day07_sqlalchemy_orm import upgrade as upgrade_tasks
from day11_rest_library import Settings as LibrarySettings
from day11_rest_library import create_app as create_library_app
from day11_rest_library import upgrade as upgrade_library
from day16_logging import (
    configure_logging,
    instrument_asgi,
    instrument_wsgi,
    request_id_hook,
    set_request_user,
)

work_logger = logging.getLogger("day16_tests.work")


class Logs:
    """The log lines written since `configure_logging` pointed at this buffer."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def lines(self) -> list[dict[str, Any]]:
        """Every line, parsed as JSON (a line that is not JSON fails the test)."""
        parsed = []
        for line in self.buffer.getvalue().splitlines():
            try:
                parsed.append(json.loads(line))
            except ValueError:
                pytest.fail(f"a log line is not JSON: {line!r}")
        return parsed

    def access(self) -> list[dict[str, Any]]:
        """The access lines (one per request)."""
        return [line for line in self.lines() if line["logger"] == "day16_logging.access"]

    def of_request(self, request_id: str) -> list[dict[str, Any]]:
        """The lines that carry `request_id`."""
        return [line for line in self.lines() if line.get("request_id") == request_id]

    def text(self) -> str:
        """Everything written, as one string."""
        return self.buffer.getvalue()


@pytest.fixture
def logs() -> Logs:
    """JSON log lines into a buffer (the plugin restores the root logger after the test)."""
    captured = Logs()
    configure_logging("INFO", "json", captured.buffer)
    return captured


# --- the ASGI app: day 7's task API --------------------------------------------------------


def work_router() -> APIRouter:
    """Routes for the tests, added through day 7's `extra_routers` (the app is not edited)."""
    router = APIRouter(prefix="/test")

    @router.get("/work/{item}")
    def work(item: str) -> dict[str, str]:
        work_logger.info("working on %s", item)
        work_logger.info("done with %s", item)
        return {"item": item}

    @router.get("/async-work/{item}")
    async def async_work(item: str) -> dict[str, str]:
        import asyncio

        work_logger.info("working on %s", item)
        await asyncio.sleep(0.01)  # other requests run in between
        work_logger.info("done with %s", item)
        return {"item": item}

    @router.get("/whoami/{user_id}")
    def whoami(user_id: int) -> dict[str, int]:
        set_request_user(user_id)
        return {"user": user_id}

    @router.post("/login")
    def login(body: dict[str, str]) -> dict[str, str]:
        work_logger.info("login attempt %s", body)
        return {"ok": "yes"}

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("the database said no; password=hunter2")

    @router.get("/call")
    def call(url: str) -> dict[str, int]:
        with httpx.Client(event_hooks={"request": [request_id_hook]}) as client:
            return {"status": client.get(url).status_code}

    return router


@pytest.fixture(scope="session")
def task_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file with day 7's tables, migrated once for the session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('day16') / 'tasks.db'}"
    upgrade_tasks(url)
    return url


@pytest.fixture
def task_app(task_database: str) -> FastAPI:
    """Day 7's task API with the test routes, instrumented (no ready checks)."""
    app = create_task_app(TaskSettings(database_url=task_database), extra_routers=[work_router()])
    return instrument_asgi(app)


@pytest.fixture
def task_client(task_app: FastAPI, logs: Logs) -> Iterator[TestClient]:
    """A test client of `task_app`, logging into `logs`."""
    with TestClient(task_app) as client:
        yield client


# --- the WSGI app: day 11's library API ----------------------------------------------------


@pytest.fixture(scope="session")
def library_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file with day 11's tables, migrated once for the session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('day16') / 'library.db'}"
    upgrade_library(url)
    return url


def add_work_routes(app: Flask) -> None:
    """The same test routes on a Flask app (added, not edited in)."""

    def work(item: str) -> dict[str, str]:
        work_logger.info("working on %s", item)
        work_logger.info("done with %s", item)
        return {"item": item}

    def whoami(user_id: int) -> dict[str, int]:
        set_request_user(user_id)
        return {"user": user_id}

    def boom() -> None:
        raise RuntimeError("the database said no; password=hunter2")

    app.add_url_rule("/test/work/<item>", view_func=work)
    app.add_url_rule("/test/whoami/<int:user_id>", view_func=whoami)
    app.add_url_rule("/test/boom", view_func=boom)


class ReadingClient(FlaskClient):
    """Reads each response body to its end at once, as a server does (Flask's own client reads
    it only when asked, so the access line, written once the body is sent, would come late)."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def build_library_app(database_url: str) -> Flask:
    """Day 11's library API with the test routes, instrumented."""
    app = create_library_app(LibrarySettings(database_url=database_url))
    add_work_routes(app)
    app.test_client_class = ReadingClient
    return instrument_wsgi(app)


@pytest.fixture
def library_app(library_database: str) -> Flask:
    """Day 11's library API with the test routes, instrumented."""
    return build_library_app(library_database)


@pytest.fixture
def library_client(library_app: Flask, logs: Logs) -> FlaskClient:
    """A test client of `library_app`, logging into `logs`."""
    return library_app.test_client()
