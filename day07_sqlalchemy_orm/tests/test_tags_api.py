"""Tags: create and list; tag and untag tasks (many-to-many); tasks by tag."""

from __future__ import annotations

from fastapi.testclient import TestClient

from day07_sqlalchemy_orm.tests.helpers import add_task


def test_create_tag_returns_201_and_duplicate_returns_409(client: TestClient) -> None:
    created = client.post("/tags", json={"name": "urgent"})
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "urgent"
    assert created.headers["location"] == "/tags/urgent/tasks"
    duplicate = client.post("/tags", json={"name": "urgent"})
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "A tag named 'urgent' already exists."


def test_tag_names_must_be_lowercase_slugs(client: TestClient) -> None:
    for name in ("Urgent", "-x", "", "two words", "x" * 33):
        assert client.post("/tags", json={"name": name}).status_code == 422, name
    task = add_task(client)
    assert client.put(f"/tasks/{task['id']}/tags/Not%20OK").status_code == 422


def test_list_tags_orders_by_name(client: TestClient) -> None:
    for name in ("work", "home", "later"):
        client.post("/tags", json={"name": name})
    assert [t["name"] for t in client.get("/tags").json()] == ["home", "later", "work"]


def test_tagging_a_task_creates_the_tag_and_is_idempotent(client: TestClient) -> None:
    task = add_task(client)
    first = client.put(f"/tasks/{task['id']}/tags/urgent")
    assert first.status_code == 200, first.text
    assert first.json()["tags"] == ["urgent"]
    client.put(f"/tasks/{task['id']}/tags/home")
    again = client.put(f"/tasks/{task['id']}/tags/urgent").json()
    assert again["tags"] == ["home", "urgent"], "tags are listed by name, each once"
    assert [t["name"] for t in client.get("/tags").json()] == ["home", "urgent"]
    assert [t["name"] for t in client.get(f"/tasks/{task['id']}/tags").json()] == [
        "home",
        "urgent",
    ]


def test_a_tag_is_shared_by_many_tasks(client: TestClient) -> None:
    first, second, other = add_task(client), add_task(client), add_task(client)
    for task in (second, first):
        client.put(f"/tasks/{task['id']}/tags/urgent")
    client.put(f"/tasks/{other['id']}/tags/later")
    page = client.get("/tags/urgent/tasks").json()
    assert [t["id"] for t in page["items"]] == [first["id"], second["id"]]
    assert page["total"] == 2


def test_untagging_removes_only_the_link(client: TestClient) -> None:
    task = add_task(client)
    client.put(f"/tasks/{task['id']}/tags/urgent")
    untagged = client.delete(f"/tasks/{task['id']}/tags/urgent")
    assert untagged.status_code == 200 and untagged.json()["tags"] == []
    assert client.delete(f"/tasks/{task['id']}/tags/urgent").json()["tags"] == []
    assert [t["name"] for t in client.get("/tags").json()] == ["urgent"], "the tag stays"


def test_deleting_a_task_keeps_its_tags(client: TestClient) -> None:
    task = add_task(client)
    client.put(f"/tasks/{task['id']}/tags/urgent")
    assert client.delete(f"/tasks/{task['id']}").status_code == 204
    assert client.get("/tags/urgent/tasks").json()["total"] == 0
    assert [t["name"] for t in client.get("/tags").json()] == ["urgent"]


def test_unknown_task_or_tag_returns_404(client: TestClient) -> None:
    assert client.put("/tasks/999999/tags/urgent").status_code == 404
    assert client.delete("/tasks/999999/tags/urgent").status_code == 404
    assert client.get("/tasks/999999/tags").status_code == 404
    missing = client.get("/tags/nothing/tasks")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Tag 'nothing' does not exist."
