"""Every endpoint of /tasks and its errors, through FastAPI's TestClient."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

PROBLEM_JSON = "application/problem+json"


def add(client: TestClient, **fields: Any) -> dict[str, Any]:
    """POST a task (title "task" unless given) and return its JSON."""
    response = client.post("/tasks", json={"title": "task", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(response: Any, status: int, *, field: str | None = None) -> dict[str, Any]:
    """The response is a problem+json body with `status`; for 422, one error names `field`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON, "errors use RFC 9457 problem+json"
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys(), body
    assert body["status"] == status
    if field is not None:
        paths = [".".join(map(str, error["loc"])) for error in body["errors"]]
        assert field in paths, f"the 422 should name the field path {field}, got {paths}"
        assert field in body["detail"], "the detail sentence names the field too"
    return body


# --- POST /tasks ------------------------------------------------------------------------------


def test_create_task_returns_201_with_location_and_full_task(client: TestClient) -> None:
    response = client.post(
        "/tasks", json={"title": "Buy milk", "description": "2 litres", "due_date": "2030-01-31"}
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/tasks/{body['id']}", "Location is the new URL"
    created = datetime.fromisoformat(body.pop("created_at"))
    assert created.tzinfo is not None, "timestamps are timezone-aware (UTC)"
    assert body.pop("updated_at") == created.isoformat().replace("+00:00", "Z")
    assert body == {
        "id": 1,
        "title": "Buy milk",
        "description": "2 litres",
        "done": False,
        "due_date": "2030-01-31",
        "completed_at": None,
    }


def test_create_task_strips_the_title(client: TestClient) -> None:
    assert add(client, title="  Buy milk \n")["title"] == "Buy milk"


def test_create_task_already_done_records_completed_at(client: TestClient) -> None:
    task = add(client, done=True)
    assert task["completed_at"] == task["created_at"]


def test_created_task_can_be_read_at_its_location(client: TestClient) -> None:
    response = client.post("/tasks", json={"title": "Read me"})
    assert client.get(response.headers["location"]).json() == response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body.title"),
        ({"title": ""}, "body.title"),
        ({"title": "   "}, "body.title"),
        ({"title": "x" * 201}, "body.title"),
        ({"title": "a\x00b"}, "body.title"),
        ({"title": 42}, "body.title"),
        ({"title": "x", "done": "yes"}, "body.done"),
        ({"title": "x", "done": 1}, "body.done"),
        ({"title": "x", "description": "d" * 2001}, "body.description"),
        ({"title": "x", "due_date": "31/01/2030"}, "body.due_date"),
        ({"title": "x", "due_date": 1700000000}, "body.due_date"),
        ({"title": "x", "due_date": "2030-01-31T00:00:00"}, "body.due_date"),
        ({"title": "x", "priority": "high"}, "body.priority"),
    ],
    ids=[
        "missing-title",
        "empty-title",
        "blank-title",
        "long-title",
        "nul-in-title",
        "number-title",
        "string-done",
        "number-done",
        "long-description",
        "non-iso-date",
        "timestamp-date",
        "datetime-string-date",
        "unknown-field",
    ],
)
def test_create_invalid_task_returns_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    assert_problem(client.post("/tasks", json=body), 422, field=field)
    assert client.get("/tasks").json()["total"] == 0, "nothing is stored after a 422"


def test_create_task_with_malformed_json_returns_422(client: TestClient) -> None:
    response = client.post(
        "/tasks", content=b'{"title": ', headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["type"] == "json_invalid"


def test_create_task_with_undecodable_body_returns_400(client: TestClient) -> None:
    """Bytes that are not UTF-8 cannot even be parsed as JSON: a 400, not a 422."""
    response = client.post(
        "/tasks", content=b'{"title": "\xff"}', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400)


# --- GET /tasks -------------------------------------------------------------------------------


def test_list_tasks_is_empty_at_first(client: TestClient) -> None:
    assert client.get("/tasks").json() == {"items": [], "total": 0, "offset": 0, "limit": 50}


def test_list_tasks_returns_all_in_id_order(client: TestClient) -> None:
    ids = [add(client, title=name)["id"] for name in ("a", "b", "c")]
    body = client.get("/tasks").json()
    assert [item["id"] for item in body["items"]] == ids
    assert body["total"] == 3


@pytest.mark.parametrize(
    ("done", "expected"),
    [("true", ["b"]), ("false", ["a", "c"])],
    ids=["done-true", "done-false"],
)
def test_list_tasks_filters_by_done(client: TestClient, done: str, expected: list[str]) -> None:
    add(client, title="a")
    add(client, title="b", done=True)
    add(client, title="c")
    body = client.get("/tasks", params={"done": done}).json()
    assert [item["title"] for item in body["items"]] == expected
    assert body["total"] == len(expected), "total counts the filtered tasks"


def test_list_tasks_paginates_with_offset_and_limit(client: TestClient) -> None:
    for number in range(5):
        add(client, title=f"task {number}")
    body = client.get("/tasks", params={"offset": 1, "limit": 2}).json()
    assert [item["title"] for item in body["items"]] == ["task 1", "task 2"]
    assert (body["total"], body["offset"], body["limit"]) == (5, 1, 2)
    assert client.get("/tasks", params={"offset": 10}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 101}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"done": "maybe"}, "query.done"),
    ],
    ids=["limit-zero", "limit-over-100", "negative-offset", "done-not-a-boolean"],
)
def test_list_tasks_with_bad_query_returns_422(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    assert_problem(client.get("/tasks", params=params), 422, field=field)


# --- GET /tasks/{id} --------------------------------------------------------------------------


def test_read_task_returns_it(client: TestClient) -> None:
    task = add(client, title="Read me")
    assert client.get(f"/tasks/{task['id']}").json() == task


def test_read_unknown_task_returns_404_naming_the_id(client: TestClient) -> None:
    body = assert_problem(client.get("/tasks/42"), 404)
    assert body["detail"] == "Task 42 does not exist."


@pytest.mark.parametrize(
    "task_id",
    ["abc", "0", "2147483648"],
    ids=["not-a-number", "zero", "over-id-max"],
)
def test_read_task_with_invalid_id_returns_422(client: TestClient, task_id: str) -> None:
    assert_problem(client.get(f"/tasks/{task_id}"), 422, field="path.task_id")


# --- PATCH /tasks/{id} ------------------------------------------------------------------------


def test_rename_task_changes_only_the_title(client: TestClient) -> None:
    task = add(client, title="old", description="keep me")
    response = client.patch(f"/tasks/{task['id']}", json={"title": " new "})
    assert response.status_code == 200
    updated = response.json()
    assert updated["title"] == "new"
    assert updated["description"] == "keep me", "fields not sent are left alone"
    assert updated["updated_at"] > task["updated_at"]
    assert updated["created_at"] == task["created_at"]


def test_mark_done_sets_completed_at_and_undo_clears_it(client: TestClient) -> None:
    task_url = f"/tasks/{add(client)['id']}"
    done = client.patch(task_url, json={"done": True}).json()
    assert done["done"] is True
    assert done["completed_at"] == done["updated_at"]
    again = client.patch(task_url, json={"done": True}).json()
    assert again["completed_at"] == done["completed_at"], "marking done twice keeps the first time"
    undone = client.patch(task_url, json={"done": False}).json()
    assert (undone["done"], undone["completed_at"]) == (False, None)


def test_patch_null_clears_description_and_due_date(client: TestClient) -> None:
    task = add(client, description="d", due_date="2030-01-01")
    body = client.patch(f"/tasks/{task['id']}", json={"description": None, "due_date": None})
    assert (body.json()["description"], body.json()["due_date"]) == (None, None)


def test_empty_patch_changes_nothing_but_updated_at(client: TestClient) -> None:
    task = add(client)
    updated = client.patch(f"/tasks/{task['id']}", json={}).json()
    assert {**updated, "updated_at": None} == {**task, "updated_at": None}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "body.title"),
        ({"done": None}, "body.done"),
        ({"title": "  "}, "body.title"),
        ({"done": "yes"}, "body.done"),
        ({"id": 7}, "body.id"),
    ],
    ids=["null-title", "null-done", "blank-title", "string-done", "unknown-field"],
)
def test_patch_invalid_changes_return_422_and_change_nothing(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    task = add(client)
    assert_problem(client.patch(f"/tasks/{task['id']}", json=body), 422, field=field)
    assert client.get(f"/tasks/{task['id']}").json() == task


def test_patch_unknown_task_returns_404(client: TestClient) -> None:
    body = assert_problem(client.patch("/tasks/42", json={"done": True}), 404)
    assert body["detail"] == "Task 42 does not exist."


# --- DELETE /tasks/{id} -----------------------------------------------------------------------


def test_delete_task_returns_204_and_removes_it(client: TestClient) -> None:
    task = add(client)
    response = client.delete(f"/tasks/{task['id']}")
    assert (response.status_code, response.content) == (204, b""), "204 has no body"
    assert_problem(client.get(f"/tasks/{task['id']}"), 404)
    assert client.get("/tasks").json()["total"] == 0


def test_delete_unknown_task_returns_404(client: TestClient) -> None:
    body = assert_problem(client.delete("/tasks/42"), 404)
    assert body["detail"] == "Task 42 does not exist."


def test_ids_are_not_reused_after_delete(client: TestClient) -> None:
    first = add(client)
    client.delete(f"/tasks/{first['id']}")
    assert add(client)["id"] == first["id"] + 1


# --- other methods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("PUT", "/tasks", "GET, POST"),
        ("POST", "/tasks/1", "DELETE, GET, PATCH"),
    ],
    ids=["put-collection", "post-item"],
)
def test_unsupported_method_returns_405_listing_every_allowed_method(
    client: TestClient, method: str, url: str, allow: str
) -> None:
    response = client.request(method, url)
    assert_problem(response, 405)
    assert response.headers["allow"] == allow, "Allow lists every method the path supports"
