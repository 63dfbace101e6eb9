"""Day 8's reports through the cache: one entry per filter set and representation,
invalidated by the writes that change what a report counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day08_reports import (
    CompletionRateReport,
    completion_rate,
    get_today,
    seed_database,
)
from day10_redis_cache import RedisCache
from day10_redis_cache.tests.helpers import add_task

COMPLETED = "/reports/tasks/completed"
REPORT_PATHS = [
    COMPLETED,
    "/reports/tasks/completion-rate",
    "/reports/tasks/overdue",
    "/reports/tasks/time-to-complete",
    "/reports/inventory/value",
    "/reports/inventory/low-stock",
]


@pytest.mark.parametrize("path", REPORT_PATHS)
def test_every_report_misses_then_hits_with_the_same_body(client: TestClient, path: str) -> None:
    add_task(client, done=True)
    first, second = client.get(path), client.get(path)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert first.json() == second.json()
    assert second.headers["Vary"] == "Accept", "a hit keeps the headers day 8 set"


def test_filters_are_part_of_the_key(client: TestClient) -> None:
    client.get(COMPLETED)
    assert client.get(f"{COMPLETED}?by=day").headers["X-Cache"] == "MISS"
    assert client.get(f"{COMPLETED}?from=2026-01-01").headers["X-Cache"] == "MISS"
    assert client.get(COMPLETED).headers["X-Cache"] == "HIT"


def test_csv_and_json_are_cached_apart(client: TestClient) -> None:
    add_task(client, "Dig", done=True)
    client.get(COMPLETED)
    first = client.get(COMPLETED, headers={"Accept": "text/csv"})
    second = client.get(COMPLETED, headers={"Accept": "text/csv"})
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert second.text == first.text and second.text.startswith("project_id,project,")
    assert second.headers["content-type"] == "text/csv; charset=utf-8"
    assert second.headers["content-disposition"] == first.headers["content-disposition"]


def test_today_is_part_of_the_overdue_key(client: TestClient) -> None:
    app = client.app
    app.dependency_overrides[get_today] = lambda: dt.date(2026, 3, 1)  # type: ignore[attr-defined]
    client.get("/reports/tasks/overdue")
    app.dependency_overrides[get_today] = lambda: dt.date(2026, 3, 2)  # type: ignore[attr-defined]
    response = client.get("/reports/tasks/overdue")
    assert (response.headers["X-Cache"], response.json()["today"]) == ("MISS", "2026-03-02")


def test_task_writes_invalidate_the_reports(client: TestClient) -> None:
    task = add_task(client, done=False)
    assert client.get(COMPLETED).json()["total"] == 0
    client.patch(f"/tasks/{task['id']}", json={"done": True})
    response = client.get(COMPLETED)
    assert (response.headers["X-Cache"], response.json()["total"]) == ("MISS", 1)


def test_project_writes_invalidate_the_reports(client: TestClient) -> None:
    task = add_task(client, done=True)
    client.get(COMPLETED)
    project = client.post("/projects", json={"name": "Garden"}).json()
    client.put(f"/projects/{project['id']}/tasks/{task['id']}")
    response = client.get(COMPLETED)
    assert response.headers["X-Cache"] == "MISS"
    assert response.json()["rows"][0]["project"] == "Garden", "the report sees the move"


def test_invalid_filters_are_422_and_not_cached(client: TestClient) -> None:
    for _ in range(2):
        response = client.get(f"{COMPLETED}?from=2026-02-01&to=2026-01-01")
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


def test_cached_decorator_wraps_a_report_function(
    cache: RedisCache, engine_with_rows: Engine
) -> None:
    """`cache.cached` around day 8's function: the second call runs no SQL at all."""
    statements: list[str] = []
    event.listen(engine_with_rows, "before_cursor_execute", lambda *a: statements.append(a[2]))
    selects = lambda: sum(s.lstrip().upper().startswith("SELECT") for s in statements)  # noqa: E731
    rate = cache.cached("reports", ignore=("session",))(completion_rate)
    with Session(engine_with_rows) as session:
        first = rate(session=session)
        ran = selects()
        second = rate(session=session)
    assert isinstance(second, CompletionRateReport) and second == first
    assert (ran, selects()) == (1, 1), "one SELECT for the miss, none for the hit"


@pytest.fixture
def engine_with_rows(sqlite_file_url: str) -> Iterator[Engine]:
    """The test's database with 50 seeded tasks."""
    engine = create_engine_from_url(sqlite_file_url)
    with make_session_factory(engine).begin() as session:
        seed_database(session=session, tasks=50, seed=10, until=dt.date(2026, 3, 1))
    yield engine
    engine.dispose()
