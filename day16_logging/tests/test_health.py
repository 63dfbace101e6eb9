"""/healthz and /readyz: alive, and ready only while the database and Redis answer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
import redis
from fastapi.testclient import TestClient
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from day07_sqlalchemy_orm import Settings, create_app
from day16_logging import instrument_asgi, instrument_wsgi
from shared.testing import RedisSlice, require_service


def test_healthz_answers_while_the_process_lives(task_client: TestClient) -> None:
    response = task_client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "alive"})


def test_readyz_without_checks_is_ready(task_client: TestClient) -> None:
    response = task_client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ready"


def test_readyz_fails_when_a_check_raises_and_names_it(task_database: str) -> None:
    def broken() -> None:
        raise ConnectionRefusedError("nobody listens")

    app = create_app(Settings(database_url=task_database))
    instrument_asgi(app, ready_checks={"database": broken, "cache": lambda: True})
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == "ok" and "nobody listens" in checks["database"], checks


@pytest.fixture
def dropped_database() -> Iterator[tuple[str, str]]:
    """A PostgreSQL database name and URL; dropped after the test (it may drop it earlier)."""
    server = make_url(require_service("postgresql"))
    name = f"course_test_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        yield admin, url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_readyz_fails_when_the_database_is_down_and_recovers(
    dropped_database: tuple[str, str], task_database: str
) -> None:
    admin, url = dropped_database
    name = make_url(url).database
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 1})

    def database() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    app = instrument_asgi(
        create_app(Settings(database_url=task_database)), ready_checks={"database": database}
    )
    with TestClient(app) as client, psycopg.connect(admin, autocommit=True) as conn:
        assert client.get("/readyz").status_code == 503, "the database does not exist yet"
        conn.execute(f'CREATE DATABASE "{name}"')
        assert client.get("/readyz").status_code == 200, "ready once the database answers"
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        down = client.get("/readyz")
        assert down.status_code == 503, "not ready while the database is down"
        assert "database" in down.json()["checks"]
        conn.execute(f'CREATE DATABASE "{name}"')
        assert client.get("/readyz").status_code == 200, "ready again: it recovers by itself"
    engine.dispose()


def ping(url: str) -> Callable[[], object]:
    """A ready check: PING a Redis server, giving up after half a second."""

    def check() -> object:
        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            return client.ping()
        finally:
            client.close()

    return check


def test_wsgi_readyz_is_ready_only_while_redis_answers(redis_slice: RedisSlice) -> None:
    up = instrument_wsgi(Flask("up"), ready_checks={"redis": ping(redis_slice.url)})
    assert up.test_client().get("/readyz").status_code == 200
    down = instrument_wsgi(Flask("down"), ready_checks={"redis": ping("redis://127.0.0.1:1/0")})
    response = down.test_client().get("/readyz")
    assert response.status_code == 503, "Redis unreachable: not ready"
    assert "redis" in response.get_json()["checks"]


@pytest.mark.internal
def test_the_cli_checks_use_the_engine_and_a_fresh_redis_connection(
    task_database: str, redis_slice: RedisSlice
) -> None:
    from day16_logging.health import database_check, redis_check

    engine = create_engine(task_database)
    try:
        checks = {"database": database_check(engine), "redis": redis_check(redis_slice.url)}
        app = instrument_wsgi(Flask("cli"), ready_checks=checks)
        outcomes = app.test_client().get("/readyz").get_json()["checks"]
        assert outcomes == {"database": "ok", "redis": "ok"}
    finally:
        engine.dispose()
