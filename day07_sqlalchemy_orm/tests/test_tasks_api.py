"""Day 4's /tasks contract still holds with SQLAlchemy storage, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from day07_sqlalchemy_orm.tests.helpers import add_task

PROBLEM_JSON = "application/problem+json"


def test_create_task_returns_201_with_location_and_stored_fields(client: TestClient) -> None:
    response = client.post(
        "/tasks",
        json={"title": "  Buy seeds  ", "description": "tomatoes", "due_date": "2030-05-01"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/tasks/{body['id']}"
    assert body["title"] == "Buy seeds", "titles are stripped before they are stored"
    assert body["description"] == "tomatoes"
    assert body["due_date"] == "2030-05-01"
    assert body["done"] is False and body["completed_at"] is None
    assert body["created_at"] == body["updated_at"]
    assert datetime.fromisoformat(body["created_at"]).utcoffset() is not None, (
        "timestamps must carry their time zone (UTC), on SQLite as on PostgreSQL"
    )
    read = client.get(response.headers["location"]).json()
    assert read == {**body, "project_id": None, "tags": []}, (
        "GET returns what POST did, plus the task's project and tags"
    )


def test_task_created_done_has_completed_at(client: TestClient) -> None:
    body = add_task(client, done=True)
    assert body["completed_at"] == body["created_at"]


def test_list_tasks_orders_by_id_filters_by_done_and_pages(client: TestClient) -> None:
    ids = [add_task(client, f"task {n}", done=n % 2 == 0)["id"] for n in range(5)]
    page = client.get("/tasks", params={"limit": 2, "offset": 1}).json()
    assert [t["id"] for t in page["items"]] == ids[1:3], "pages come in id order"
    assert (page["total"], page["offset"], page["limit"]) == (5, 1, 2)
    done = client.get("/tasks", params={"done": "true"}).json()
    assert [t["id"] for t in done["items"]] == [ids[0], ids[2], ids[4]]
    assert done["total"] == 3, "total counts the tasks matching the filter"


def test_get_unknown_task_returns_404_problem(client: TestClient) -> None:
    response = client.get("/tasks/999999")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Task 999999 does not exist.",
    }


def test_patch_done_sets_and_clears_completed_at(client: TestClient) -> None:
    task = add_task(client)
    done = client.patch(f"/tasks/{task['id']}", json={"done": True}).json()
    assert done["completed_at"] is not None and done["updated_at"] >= task["updated_at"]
    renamed = client.patch(f"/tasks/{task['id']}", json={"title": "Renamed"}).json()
    assert renamed["completed_at"] == done["completed_at"], "other changes keep completed_at"
    undone = client.patch(f"/tasks/{task['id']}", json={"done": False}).json()
    assert undone["completed_at"] is None and undone["title"] == "Renamed"
    stored = client.get(f"/tasks/{task['id']}").json()
    assert stored == {**undone, "project_id": None, "tags": []}, "the change was stored"


def test_patch_can_clear_description_but_not_title(client: TestClient) -> None:
    task = add_task(client, description="details")
    cleared = client.patch(f"/tasks/{task['id']}", json={"description": None})
    assert cleared.status_code == 200 and cleared.json()["description"] is None
    refused = client.patch(f"/tasks/{task['id']}", json={"title": None})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM_JSON


def test_patch_unknown_task_returns_404(client: TestClient) -> None:
    assert client.patch("/tasks/424242", json={"done": True}).status_code == 404


def test_delete_task_returns_204_then_404(client: TestClient) -> None:
    task = add_task(client)
    deleted = client.delete(f"/tasks/{task['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert client.get(f"/tasks/{task['id']}").status_code == 404
    assert client.delete(f"/tasks/{task['id']}").status_code == 404


def test_invalid_task_body_returns_422_problem(client: TestClient) -> None:
    response = client.post("/tasks", json={"title": "x", "done": "yes", "colour": "red"})
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422
    assert {tuple(e["loc"]) for e in body["errors"]} == {("body", "done"), ("body", "colour")}


def test_get_task_shows_its_project_and_tags_like_the_put_answers(client: TestClient) -> None:
    task = add_task(client)
    project = client.post("/projects", json={"name": "Garden"}).json()
    client.put(f"/projects/{project['id']}/tasks/{task['id']}")
    tagged = client.put(f"/tasks/{task['id']}/tags/outdoor").json()
    read = client.get(f"/tasks/{task['id']}").json()
    assert read == tagged, "GET /tasks/{id} shows the same task the PUT answers showed"
    assert (read["project_id"], read["tags"]) == (project["id"], ["outdoor"])
