"""Projects: create, read, list, delete; tasks assigned to them; 404/409/422 answers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from day07_sqlalchemy_orm.tests.helpers import add_project, add_task

PROBLEM_JSON = "application/problem+json"


def test_create_project_returns_201_with_location(client: TestClient) -> None:
    response = client.post("/projects", json={"name": "  Garden  "})
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/projects/{body['id']}"
    assert body["name"] == "Garden", "names are stripped"
    assert client.get(response.headers["location"]).json() == body


def test_duplicate_project_name_returns_409_problem(client: TestClient) -> None:
    add_project(client, "Garden")
    response = client.post("/projects", json={"name": "Garden"})
    assert response.status_code == 409, "a unique-name violation is a conflict, never a 500"
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["detail"] == "A project named 'Garden' already exists."
    assert [p["name"] for p in client.get("/projects").json()] == ["Garden"]


def test_request_after_a_conflict_still_works(client: TestClient) -> None:
    """A refused insert rolls back only its own request."""
    add_project(client, "Garden")
    assert client.post("/projects", json={"name": "Garden"}).status_code == 409
    assert client.post("/projects", json={"name": "House"}).status_code == 201


def test_list_projects_orders_by_name(client: TestClient) -> None:
    for name in ("Kitchen", "Attic", "Garden"):
        add_project(client, name)
    assert [p["name"] for p in client.get("/projects").json()] == ["Attic", "Garden", "Kitchen"]


def test_invalid_project_bodies_return_422(client: TestClient) -> None:
    for body in ({"name": "   "}, {"name": 5}, {"name": "x" * 101}, {"name": "a\x00b"}, {}):
        response = client.post("/projects", json=body)
        assert response.status_code == 422, f"{body!r} should be refused"
        assert response.headers["content-type"] == PROBLEM_JSON


def test_unknown_project_returns_404(client: TestClient) -> None:
    response = client.get("/projects/4242")
    assert response.status_code == 404
    assert response.json()["detail"] == "Project 4242 does not exist."
    assert client.get("/projects/4242/tasks").status_code == 404
    assert client.delete("/projects/4242").status_code == 404


def test_assign_task_to_project_and_list_its_tasks(client: TestClient) -> None:
    project = add_project(client)
    first, _, third = (add_task(client, f"task {n}") for n in range(3))
    for task in (third, first):
        assigned = client.put(f"/projects/{project['id']}/tasks/{task['id']}")
        assert assigned.status_code == 200, assigned.text
        assert assigned.json()["project_id"] == project["id"]
    page = client.get(f"/projects/{project['id']}/tasks").json()
    assert [t["id"] for t in page["items"]] == [first["id"], third["id"]]
    assert page["total"] == 2


def test_project_tasks_filter_by_done(client: TestClient) -> None:
    project = add_project(client)
    for done in (True, False):
        task = add_task(client, done=done)
        client.put(f"/projects/{project['id']}/tasks/{task['id']}")
    page = client.get(f"/projects/{project['id']}/tasks", params={"done": "false"}).json()
    assert page["total"] == 1 and page["items"][0]["done"] is False


def test_assigning_moves_a_task_between_projects(client: TestClient) -> None:
    garden, house = add_project(client, "Garden"), add_project(client, "House")
    task = add_task(client)
    client.put(f"/projects/{garden['id']}/tasks/{task['id']}")
    moved = client.put(f"/projects/{house['id']}/tasks/{task['id']}").json()
    assert moved["project_id"] == house["id"]
    assert client.get(f"/projects/{garden['id']}/tasks").json()["total"] == 0


def test_assign_with_unknown_project_or_task_returns_404(client: TestClient) -> None:
    project, task = add_project(client), add_task(client)
    missing_task = client.put(f"/projects/{project['id']}/tasks/999999")
    assert missing_task.status_code == 404
    assert missing_task.json()["detail"] == "Task 999999 does not exist."
    assert client.put(f"/projects/999999/tasks/{task['id']}").status_code == 404


def test_unassign_leaves_the_task_in_no_project(client: TestClient) -> None:
    project, task = add_project(client), add_task(client)
    client.put(f"/projects/{project['id']}/tasks/{task['id']}")
    assert client.delete(f"/projects/{project['id']}/tasks/{task['id']}").status_code == 204
    assert client.get(f"/tasks/{task['id']}").status_code == 200, "the task itself stays"
    again = client.delete(f"/projects/{project['id']}/tasks/{task['id']}")
    assert again.status_code == 404
    assert again.json()["detail"] == f"Task {task['id']} is not in project {project['id']}."


def test_delete_empty_project_returns_204(client: TestClient) -> None:
    project = add_project(client)
    assert client.delete(f"/projects/{project['id']}").status_code == 204
    assert client.get(f"/projects/{project['id']}").status_code == 404


def test_delete_project_with_tasks_returns_409_from_the_foreign_key(client: TestClient) -> None:
    """ON DELETE RESTRICT refuses; on SQLite this works only with foreign keys switched on."""
    project, task = add_project(client), add_task(client)
    client.put(f"/projects/{project['id']}/tasks/{task['id']}")
    response = client.delete(f"/projects/{project['id']}")
    assert response.status_code == 409, "a foreign-key violation is a conflict, never a 500"
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["detail"] == (
        f"Project {project['id']} still has tasks: move them to another project or delete "
        "them first."
    ), "the 409 says which rule refused the delete"
    assert client.get(f"/projects/{project['id']}").status_code == 200, "nothing was deleted"
    assert client.get(f"/tasks/{task['id']}").status_code == 200
