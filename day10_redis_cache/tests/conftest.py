"""Fixtures: a fresh SQLite file per test, the real Redis (a key prefix of the test's own),
a fake clock for the circuit breaker, and the app built from them.

Most tests commit for real (invalidation happens after the commit), so each test gets its
own SQLite file: a copy of one file migrated once per session. `kit_client` runs the app on
the course plugin's SQLAlchemy kit instead: both backends (SQLite, the real PostgreSQL), with
sessions that join the test's rolled-back transaction, the way day 15's and the capstone's
tests wire an app (and the way that once switched invalidation off).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from day08_reports import create_schema
from day10_redis_cache import RedisCache, Settings, create_app
from day10_redis_cache.tests.helpers import FakeClock, make_cache
from shared.testing import RedisSlice


@pytest.fixture(scope="package")
def database_url(database_url: str) -> str:
    """The kit's database of each backend, with day 8's schema (what day 10 serves)."""
    create_schema(database_url)
    return database_url


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file with day 8's schema, created once and copied by each test."""
    path = tmp_path_factory.mktemp("template") / "day10.db"
    create_schema(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_file_url(template_db: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite file of this test's own (real commits)."""
    path = tmp_path / "day10.db"
    shutil.copyfile(template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def clock() -> FakeClock:
    """The breaker's clock: tests advance it instead of sleeping through the back-off."""
    return FakeClock()


@pytest.fixture
def cache(redis_slice: RedisSlice, clock: FakeClock) -> Iterator[RedisCache]:
    """A RedisCache on the real Redis, keys under the test's prefix."""
    cache = make_cache(redis_slice.url, redis_slice.prefix, clock)
    yield cache
    cache.close()


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(sqlite_file_url: str, redis_slice: RedisSlice) -> AppFactory:
    """Build the app on the test's SQLite file; `cache=` injects a cache, keywords set Settings."""

    def build(*, cache: RedisCache | None = None, **settings: Any) -> FastAPI:
        values: dict[str, Any] = {
            "database_url": sqlite_file_url,
            "redis_url": redis_slice.url,
            "day10_cache_prefix": redis_slice.prefix,
        }
        return create_app(Settings(**(values | settings)), cache=cache)

    return build


@pytest.fixture
def client(make_app: AppFactory, cache: RedisCache) -> Iterator[TestClient]:
    """A test client of the app (lifespan run) with the fake-clock cache."""
    with TestClient(make_app(cache=cache)) as client:
        yield client


@pytest.fixture
def kit_client(
    database_url: str,
    session_factory: sessionmaker[Session],
    redis_slice: RedisSlice,
    cache: RedisCache,
) -> Iterator[TestClient]:
    """The app on the kit's database of each backend, its session factory replaced."""
    settings = Settings(
        database_url=database_url, redis_url=redis_slice.url, day10_cache_prefix=redis_slice.prefix
    )
    app = create_app(settings, cache=cache, session_factory=session_factory)
    with TestClient(app) as client:
        yield client
