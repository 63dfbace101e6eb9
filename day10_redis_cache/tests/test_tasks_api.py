"""Task reads through the cache: MISS then HIT, and every write invalidates what it changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from day04_fastapi_tasks import InMemoryTaskRepository, TaskCreate, TaskUpdate
from day10_redis_cache import CachedTaskRepository, RedisCache, collect_outcomes
from day10_redis_cache.tests.helpers import add_task


def cache_of(client: TestClient, path: str) -> str | None:
    """GET `path` and return its X-Cache header."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.headers.get("X-Cache")


@pytest.mark.parametrize("path", ["/tasks/{id}", "/tasks", "/tasks?done=false&limit=5"])
def test_first_read_misses_and_the_second_hits(client: TestClient, path: str) -> None:
    task = add_task(client)
    url = path.format(id=task["id"])
    first, second = client.get(url), client.get(url)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert first.json() == second.json(), "a hit answers exactly what the database did"


def test_unknown_task_is_a_404_and_is_not_cached(client: TestClient) -> None:
    for _ in range(2):
        response = client.get("/tasks/999")
        assert (response.status_code, response.headers["X-Cache"]) == (404, "MISS")


def test_writes_carry_no_cache_header(client: TestClient) -> None:
    response = client.post("/tasks", json={"title": "New"})
    assert "X-Cache" not in response.headers, "a write neither hit nor missed the cache"


def test_create_invalidates_the_lists(client: TestClient) -> None:
    add_task(client, "First")
    client.get("/tasks")
    assert cache_of(client, "/tasks") == "HIT"
    add_task(client, "Second")
    response = client.get("/tasks")
    assert response.headers["X-Cache"] == "MISS"
    assert response.json()["total"] == 2, "the new task shows at once"


def test_patch_invalidates_the_task(client: TestClient) -> None:
    task = add_task(client, "Old title")
    client.get(f"/tasks/{task['id']}")
    assert client.patch(f"/tasks/{task['id']}", json={"title": "New title"}).status_code == 200
    response = client.get(f"/tasks/{task['id']}")
    assert (response.headers["X-Cache"], response.json()["title"]) == ("MISS", "New title")


def test_delete_invalidates_the_task(client: TestClient) -> None:
    task = add_task(client)
    client.get(f"/tasks/{task['id']}")
    assert client.delete(f"/tasks/{task['id']}").status_code == 204
    assert client.get(f"/tasks/{task['id']}").status_code == 404, "a deleted task is gone"


def put_in_project(client: TestClient, task_id: int) -> None:
    project = client.post("/projects", json={"name": "Garden"}).json()
    assert client.put(f"/projects/{project['id']}/tasks/{task_id}").status_code == 200


def take_out_of_project(client: TestClient, task_id: int) -> None:
    project = client.post("/projects", json={"name": "Garden"}).json()
    client.put(f"/projects/{project['id']}/tasks/{task_id}")
    client.get(f"/tasks/{task_id}")  # cache the task as it is now, inside the project
    assert client.delete(f"/projects/{project['id']}/tasks/{task_id}").status_code == 204


def tag(client: TestClient, task_id: int) -> None:
    assert client.put(f"/tasks/{task_id}/tags/urgent").status_code == 200


def untag(client: TestClient, task_id: int) -> None:
    client.put(f"/tasks/{task_id}/tags/urgent")
    client.get(f"/tasks/{task_id}")
    assert client.delete(f"/tasks/{task_id}/tags/urgent").status_code == 200


@pytest.mark.parametrize("write", [put_in_project, take_out_of_project, tag, untag])
def test_project_and_tag_writes_on_a_task_invalidate_it(
    client: TestClient, write: Callable[[TestClient, int], None]
) -> None:
    """They change the task's updated_at, so its cached copy must go."""
    task = add_task(client)
    client.get(f"/tasks/{task['id']}")
    write(client, task["id"])
    response = client.get(f"/tasks/{task['id']}")
    assert response.headers["X-Cache"] == "MISS", f"{write.__name__} left a stale task cached"
    assert response.json()["updated_at"] > task["updated_at"]


@pytest.mark.parametrize(
    "write",
    [
        lambda c: c.post("/projects", json={"name": "Unrelated"}),
        lambda c: c.post("/tags", json={"name": "unrelated"}),
    ],
    ids=["create project", "create tag"],
)
def test_project_and_tag_writes_that_touch_no_task_keep_task_reads_cached(
    client: TestClient, write: Callable[[TestClient], object]
) -> None:
    task = add_task(client)
    client.get(f"/tasks/{task['id']}")
    write(client)
    assert cache_of(client, f"/tasks/{task['id']}") == "HIT"


def test_failed_write_changes_nothing_and_invalidates_nothing(client: TestClient) -> None:
    task = add_task(client)
    client.get(f"/tasks/{task['id']}")
    assert client.patch("/tasks/999", json={"title": "x"}).status_code == 404
    assert client.post("/projects", json={"name": ""}).status_code == 422
    assert cache_of(client, f"/tasks/{task['id']}") == "HIT"


def test_cached_repository_wraps_any_task_repository(cache: RedisCache) -> None:
    """The decorator caches day 4's in-memory repository just as well as day 7's."""
    repository = CachedTaskRepository(InMemoryTaskRepository(), cache)
    task = repository.add(TaskCreate(title="Plan"))
    with collect_outcomes() as outcomes:
        assert repository.get(task.id) == repository.get(task.id) == task
        assert repository.find().total == repository.find().total == 1
        repository.update(task.id, TaskUpdate(done=True))
        assert repository.get(task.id).done is True
        repository.delete(task.id)
        assert repository.find().total == 0
    assert [o.value for o in outcomes] == ["MISS", "HIT", "MISS", "HIT", "MISS", "MISS"]
