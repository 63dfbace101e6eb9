"""The same cache on PostgreSQL: task reads and a report, hit and invalidated by writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from day10_redis_cache import RedisCache, Settings, create_app
from day10_redis_cache.tests.helpers import add_task
from shared.testing import RedisSlice


@pytest.fixture
def pg_client(
    own_postgres_url: str, redis_slice: RedisSlice, cache: RedisCache
) -> Iterator[TestClient]:
    settings = Settings(
        database_url=own_postgres_url,
        redis_url=redis_slice.url,
        day10_cache_prefix=redis_slice.prefix,
    )
    with TestClient(create_app(settings, cache=cache)) as client:
        yield client


def test_task_reads_hit_and_patch_invalidates_on_postgresql(pg_client: TestClient) -> None:
    task = add_task(pg_client, "Old")
    url = f"/tasks/{task['id']}"
    assert [pg_client.get(url).headers["X-Cache"] for _ in range(2)] == ["MISS", "HIT"]
    pg_client.patch(url, json={"title": "New"})
    response = pg_client.get(url)
    assert (response.headers["X-Cache"], response.json()["title"]) == ("MISS", "New")


def test_report_hits_and_task_writes_invalidate_it_on_postgresql(pg_client: TestClient) -> None:
    report = "/reports/tasks/completed"
    before = pg_client.get(report).json()["total"]
    assert pg_client.get(report).headers["X-Cache"] == "HIT"
    add_task(pg_client, "Done already", done=True)
    response = pg_client.get(report)
    assert (response.headers["X-Cache"], response.json()["total"]) == ("MISS", before + 1)
