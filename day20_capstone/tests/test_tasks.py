"""Tasks: CRUD of one's own, filters, sorting, cursor pages, ETags, stats, and other users."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from day20_capstone.tests.helpers import Account


@pytest.fixture
def client(kit_client: TestClient) -> TestClient:
    """These tests run on both backends, each in a SAVEPOINT (their SQL differs by dialect)."""
    return kit_client


TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()
NEXT_WEEK = (TODAY + dt.timedelta(days=7)).isoformat()


def make(client: TestClient, account: Account, **body: Any) -> dict[str, Any]:
    """Create a task (title "task" unless given) and return its JSON."""
    reply = client.post("/tasks", json={"title": "task", **body}, headers=account.headers)
    assert reply.status_code == 201, f"creating a task should work: {reply.text}"
    task: dict[str, Any] = reply.json()
    return task


def titles(client: TestClient, account: Account, **params: Any) -> list[str]:
    """The titles GET /tasks answers for these query parameters."""
    reply = client.get("/tasks", params=params, headers=account.headers)
    assert reply.status_code == 200, reply.text
    return [task["title"] for task in reply.json()["items"]]


def test_create_then_read_a_task(client: TestClient, alice: Account) -> None:
    task = make(
        client,
        alice,
        title="Buy milk",
        notes="2 l",
        due=NEXT_WEEK,
        priority=1,
        tags=["home", "shop"],
    )
    reply = client.get(f"/tasks/{task['id']}", headers=alice.headers)
    assert reply.status_code == 200
    assert reply.json() == task, "GET answers what POST created"
    assert task["tags"] == ["home", "shop"] and task["done"] is False and task["version"] == 1
    assert reply.headers["ETag"] == f'"{task["id"]}-1"'


def test_marking_done_sets_completed_at_and_undoing_clears_it(
    client: TestClient, alice: Account
) -> None:
    task = make(client, alice)
    done = client.patch(f"/tasks/{task['id']}", json={"done": True}, headers=alice.headers).json()
    assert done["done"] is True and done["completed_at"] is not None, done
    undone = client.patch(
        f"/tasks/{task['id']}", json={"done": False}, headers=alice.headers
    ).json()
    assert undone["completed_at"] is None and undone["version"] == 3, undone


def test_patch_changes_only_the_fields_sent(client: TestClient, alice: Account) -> None:
    task = make(client, alice, notes="keep me", due=NEXT_WEEK)
    reply = client.patch(f"/tasks/{task['id']}", json={"title": "renamed"}, headers=alice.headers)
    assert reply.json()["notes"] == "keep me" and reply.json()["due"] == NEXT_WEEK, reply.text
    cleared = client.patch(f"/tasks/{task['id']}", json={"due": None}, headers=alice.headers)
    assert cleared.json()["due"] is None, "due: null clears the due date"


def test_delete_then_the_task_is_gone(client: TestClient, alice: Account) -> None:
    task = make(client, alice)
    assert client.delete(f"/tasks/{task['id']}", headers=alice.headers).status_code == 204
    assert client.get(f"/tasks/{task['id']}", headers=alice.headers).status_code == 404


def test_if_match_with_a_stale_etag_is_412(client: TestClient, alice: Account) -> None:
    task = make(client, alice)
    etag = f'"{task["id"]}-1"'
    ok = client.patch(
        f"/tasks/{task['id']}", json={"title": "a"}, headers={**alice.headers, "If-Match": etag}
    )
    assert ok.status_code == 200 and ok.headers["ETag"] == f'"{task["id"]}-2"', ok.text
    stale = client.patch(
        f"/tasks/{task['id']}", json={"title": "b"}, headers={**alice.headers, "If-Match": etag}
    )
    assert stale.status_code == 412, f"a lost update must be refused: {stale.text}"


@pytest.mark.parametrize("field", ["owner_id", "id", "version", "completed_at"])
def test_mass_assignment_is_refused(
    client: TestClient, alice: Account, bob: Account, field: str
) -> None:
    value: Any = bob.id if field != "completed_at" else "2020-01-01T00:00:00Z"
    created = client.post("/tasks", json={"title": "x", field: value}, headers=alice.headers)
    assert created.status_code == 422, f"{field} is not the client's to set: {created.text}"
    task = make(client, alice)
    patched = client.patch(f"/tasks/{task['id']}", json={field: value}, headers=alice.headers)
    assert patched.status_code == 422, f"{field} is not the client's to change: {patched.text}"


ROUTES = [
    ("GET", "/tasks/{id}", None),
    ("PATCH", "/tasks/{id}", {"title": "mine now"}),
    ("DELETE", "/tasks/{id}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_another_users_task_is_404_on_every_route(
    client: TestClient, alice: Account, bob: Account, method: str, path: str, body: Any
) -> None:
    task = make(client, alice, title="alice's")
    reply = client.request(method, path.format(id=task["id"]), json=body, headers=bob.headers)
    assert reply.status_code == 404, (
        f"{method} of another user's task must look like no task: {reply.text}"
    )
    assert client.get(f"/tasks/{task['id']}", headers=alice.headers).json()["title"] == "alice's"


def test_lists_and_stats_show_only_the_callers_tasks(
    client: TestClient, alice: Account, bob: Account
) -> None:
    make(client, alice, title="a1")
    make(client, bob, title="b1")
    assert titles(client, alice) == ["a1"] and titles(client, bob) == ["b1"]
    assert client.get("/tasks/stats", headers=bob.headers).json()["total"] == 1


def test_a_project_of_another_user_cannot_be_used(
    client: TestClient, alice: Account, bob: Account
) -> None:
    project = client.post("/projects", json={"name": "secret"}, headers=alice.headers).json()
    reply = client.post(
        "/tasks", json={"title": "x", "project_id": project["id"]}, headers=bob.headers
    )
    assert reply.status_code == 404, reply.text
    assert client.delete(f"/projects/{project['id']}", headers=bob.headers).status_code == 404


@pytest.fixture
def varied(client: TestClient, alice: Account) -> Account:
    """Alice with five different tasks."""
    project = client.post("/projects", json={"name": "work"}, headers=alice.headers).json()
    make(
        client,
        alice,
        title="late report",
        due=YESTERDAY,
        priority=1,
        project_id=project["id"],
        tags=["work"],
    )
    make(client, alice, title="plan trip", due=NEXT_WEEK, priority=3, tags=["home"])
    make(client, alice, title="water plants", notes="the big Fern", tags=["home"])
    done = make(client, alice, title="old chore", due=YESTERDAY)
    client.patch(f"/tasks/{done['id']}", json={"done": True}, headers=alice.headers)
    make(client, alice, title="call mum", priority=1)
    return alice


FILTERS = [
    ({"done": True}, ["old chore"]),
    ({"done": False, "priority": 1}, ["late report", "call mum"]),
    ({"overdue": True}, ["late report"]),
    ({"due_before": TODAY.isoformat()}, ["late report", "old chore"]),
    ({"due_after": TODAY.isoformat()}, ["plan trip"]),
    ({"tag": "home"}, ["plan trip", "water plants"]),
    ({"q": "fern"}, ["water plants"]),
    ({"q": "100%"}, []),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_filters(
    client: TestClient, varied: Account, params: dict[str, Any], expected: list[str]
) -> None:
    assert titles(client, varied, **params) == expected, f"GET /tasks?{params}"


def test_project_filter(client: TestClient, varied: Account) -> None:
    project = client.get("/projects", headers=varied.headers).json()[0]
    assert titles(client, varied, project_id=project["id"]) == ["late report"]


SORTS = [
    ("priority", ["late report", "call mum", "water plants", "old chore", "plan trip"]),
    ("-due", ["call mum", "water plants", "plan trip", "old chore", "late report"]),
    ("-created", ["call mum", "old chore", "water plants", "plan trip", "late report"]),
]


@pytest.mark.parametrize(("sort", "expected"), SORTS, ids=[s for s, _ in SORTS])
def test_sorting_pages_through_every_task_once(
    client: TestClient, varied: Account, sort: str, expected: list[str]
) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"sort": sort, "limit": 2}
    for _ in range(5):
        page = client.get("/tasks", params=params, headers=varied.headers).json()
        seen += [task["title"] for task in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == expected, f"sort={sort} in pages of 2 (ties broken by id)"


def test_a_cursor_survives_a_delete_between_pages(client: TestClient, varied: Account) -> None:
    first = client.get("/tasks", params={"limit": 2}, headers=varied.headers).json()
    client.delete(f"/tasks/{first['items'][1]['id']}", headers=varied.headers)
    rest = titles(client, varied, limit=10, cursor=first["next_cursor"])
    assert rest == ["water plants", "old chore", "call mum"], "no task skipped or repeated"


@pytest.mark.parametrize(
    "params",
    [{"limit": 101}, {"limit": 0}, {"cursor": "bm9wZQ"}, {"sort": "title"}, {"priority": 4}],
    ids=["limit-too-big", "limit-zero", "forged-cursor", "unknown-sort", "bad-priority"],
)
def test_bad_list_parameters_are_422(
    client: TestClient, alice: Account, params: dict[str, Any]
) -> None:
    reply = client.get("/tasks", params=params, headers=alice.headers)
    assert reply.status_code == 422, f"{params} must be refused: {reply.text}"


def test_a_cursor_of_another_sort_is_refused(client: TestClient, varied: Account) -> None:
    cursor = client.get("/tasks", params={"limit": 1}, headers=varied.headers).json()["next_cursor"]
    reply = client.get("/tasks", params={"sort": "due", "cursor": cursor}, headers=varied.headers)
    assert reply.status_code == 422, reply.text


def test_stats(client: TestClient, varied: Account) -> None:
    stats = client.get("/tasks/stats", headers=varied.headers).json()
    assert stats == {"open": 4, "done_this_week": 1, "overdue": 1, "total": 5}, stats


def test_a_body_over_the_limit_is_413(client: TestClient, alice: Account) -> None:
    reply = client.post(
        "/tasks",
        content=b"{" + b" " * 70_000 + b"}",
        headers={**alice.headers, "Content-Type": "application/json"},
    )
    assert reply.status_code == 413, f"bodies are bounded: {reply.text}"


def test_project_names_are_unique_per_user(
    client: TestClient, alice: Account, bob: Account
) -> None:
    assert client.post("/projects", json={"name": "home"}, headers=alice.headers).status_code == 201
    assert client.post("/projects", json={"name": "home"}, headers=alice.headers).status_code == 409
    assert client.post("/projects", json={"name": "home"}, headers=bob.headers).status_code == 201


def test_deleting_a_project_keeps_its_tasks(client: TestClient, alice: Account) -> None:
    project = client.post("/projects", json={"name": "p"}, headers=alice.headers).json()
    task = make(client, alice, project_id=project["id"])
    assert client.delete(f"/projects/{project['id']}", headers=alice.headers).status_code == 204
    assert client.get(f"/tasks/{task['id']}", headers=alice.headers).json()["project_id"] is None
