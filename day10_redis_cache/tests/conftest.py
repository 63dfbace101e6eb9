"""Fixtures: a fresh SQLite file per test, the real Redis (a key prefix of the test's own),
a fake clock for the circuit breaker, and the app built from them.

Most tests commit for real (invalidation happens after the commit), so each test gets its
own SQLite file: a copy of one file migrated once per session. PostgreSQL tests use a
database of their own (`own_postgres_url`), created and dropped here, so their committed
rows never reach the database other days' tests share.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from day08_reports import create_schema
from day10_redis_cache import RedisCache, Settings, create_app
from day10_redis_cache.tests.helpers import FakeClock, make_cache
from shared.postgres import temporary_database
from shared.testing import RedisSlice, require_service


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file with day 8's schema, created once and copied by each test."""
    path = tmp_path_factory.mktemp("template") / "day10.db"
    create_schema(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(template_db: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite file of this test's own."""
    path = tmp_path / "day10.db"
    shutil.copyfile(template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def own_postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database with day 8's schema, dropped after the module."""
    with temporary_database(require_service("postgresql"), prefix="course_day10") as url:
        create_schema(url)
        yield url


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
def make_app(database_url: str, redis_slice: RedisSlice) -> AppFactory:
    """Build the app on the test's database; `cache=` injects a cache, keywords set Settings."""

    def build(*, cache: RedisCache | None = None, **settings: Any) -> FastAPI:
        values: dict[str, Any] = {
            "database_url": database_url,
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
