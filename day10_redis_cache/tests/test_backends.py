"""The cache on both backends, with the app's session factory replaced (the course test kit).

Tests kits (day 7's fixtures, day 15's, the capstone's) hand the app a session factory of
their own. Invalidation must not depend on which factory opened the session: these tests
once answered `X-Cache: HIT` with stale rows after a write through a replaced factory.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from day10_redis_cache import RedisCache, Settings, create_app
from day10_redis_cache.tests.helpers import add_task
from shared.testing import RedisSlice

REPORT = "/reports/tasks/completed"


def test_task_reads_hit_and_patch_invalidates(kit_client: TestClient) -> None:
    task = add_task(kit_client, "Old")
    url = f"/tasks/{task['id']}"
    assert [kit_client.get(url).headers["X-Cache"] for _ in range(2)] == ["MISS", "HIT"]
    kit_client.patch(url, json={"title": "New"})
    response = kit_client.get(url)
    assert (response.headers["X-Cache"], response.json()["title"]) == ("MISS", "New")


def test_report_hits_and_task_writes_invalidate_it(kit_client: TestClient) -> None:
    before = kit_client.get(REPORT).json()["total"]
    assert kit_client.get(REPORT).headers["X-Cache"] == "HIT"
    add_task(kit_client, "Done already", done=True)
    response = kit_client.get(REPORT)
    assert (response.headers["X-Cache"], response.json()["total"]) == ("MISS", before + 1)


def test_assigning_a_task_through_a_replaced_factory_drops_the_cached_report(
    kit_client: TestClient,
) -> None:
    """PUT /projects/1/tasks/1 after the factory was replaced: the report is not a stale HIT."""
    task = add_task(kit_client, "Dig", done=True)
    project = kit_client.post("/projects", json={"name": "Garden"}).json()
    kit_client.get(REPORT)
    assert kit_client.get(REPORT).headers["X-Cache"] == "HIT"
    assigned = kit_client.put(f"/projects/{project['id']}/tasks/{task['id']}")
    assert assigned.status_code == 200, assigned.text
    response = kit_client.get(REPORT)
    assert response.headers["X-Cache"] == "MISS", "the write invalidated the cached report"
    projects = [row["project_id"] for row in response.json()["rows"]]
    assert project["id"] in projects, "the report shows the task in its new project"


def test_factory_replaced_on_app_state_after_building_still_invalidates(
    database_url: str,
    session_factory: sessionmaker[Session],
    redis_slice: RedisSlice,
    cache: RedisCache,
) -> None:
    """What day 7's own fixture used to do: build the app, then swap `app.state.session_factory`."""
    settings = Settings(
        database_url=database_url, redis_url=redis_slice.url, day10_cache_prefix=redis_slice.prefix
    )
    app = create_app(settings, cache=cache)
    app.state.session_factory = session_factory
    with TestClient(app) as client:
        task = add_task(client, "Dig", done=True)
        project = client.post("/projects", json={"name": "Garden"}).json()
        client.get(REPORT)
        client.put(f"/projects/{project['id']}/tasks/{task['id']}")
        response = client.get(REPORT)
    assert response.headers["X-Cache"] == "MISS", "invalidation follows the session, not a factory"
