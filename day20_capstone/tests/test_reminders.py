"""The overdue sweep: one reminder per open overdue task and due date, only its owner's eyes.

Black-box over HTTP: tasks due yesterday, an admin's `POST /admin/sweeps` (a job at
`/jobs/{id}`), then `GET /reminders`. The periodic forms: the API's own timer (here) and
Celery beat (test_production_shape.py).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from fastapi.testclient import TestClient

from day20_capstone import Settings, create_app
from day20_capstone.tests.helpers import Account, sign_up, wait_for_job

TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()
LAST_WEEK = (TODAY - dt.timedelta(days=7)).isoformat()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()


def task(client: TestClient, account: Account, title: str, **fields: Any) -> int:
    """Create a task and return its id."""
    reply = client.post("/tasks", json={"title": title, **fields}, headers=account.headers)
    assert reply.status_code == 201, reply.text
    task_id: int = reply.json()["id"]
    return task_id


def sweep(client: TestClient, admin: Account) -> dict[str, Any]:
    """Start a sweep as the admin and wait for its job to finish."""
    reply = client.post("/admin/sweeps", headers=admin.headers)
    assert reply.status_code == 202 and reply.json()["kind"] == "sweep", reply.text
    return wait_for_job(client, admin, reply.json()["id"])


def reminders(client: TestClient, account: Account, **params: Any) -> list[dict[str, Any]]:
    """The account's reminders (one page)."""
    reply = client.get("/reminders", params=params, headers=account.headers)
    assert reply.status_code == 200, reply.text
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def test_the_sweep_reminds_of_open_overdue_tasks_only(
    client: TestClient, admin: Account, alice: Account
) -> None:
    late = task(client, alice, "late", due=YESTERDAY)
    task(client, alice, "late but done", due=YESTERDAY)
    client.patch(f"/tasks/{late + 1}", json={"done": True}, headers=alice.headers)
    task(client, alice, "due tomorrow", due=TOMORROW)
    task(client, alice, "no due date")
    job = sweep(client, admin)
    assert job["state"] == "done" and job["report"] == {"recorded": 1}, job
    assert [(r["task_id"], r["title"], r["due"]) for r in reminders(client, alice)] == [
        (late, "late", YESTERDAY)
    ], "one reminder: the open task due yesterday (not the done one, nor future or undated)"


def test_sweeping_again_records_nothing_new(
    client: TestClient, admin: Account, alice: Account
) -> None:
    """Idempotent: a second sweep (or a redelivered one) finds every reminder recorded."""
    task(client, alice, "late", due=YESTERDAY)
    task(client, alice, "later", due=LAST_WEEK)
    assert sweep(client, admin)["report"] == {"recorded": 2}
    first = reminders(client, alice)
    again = sweep(client, admin)
    assert again["state"] == "done" and again["report"] == {"recorded": 0}, again
    assert reminders(client, alice) == first, "the same reminders, none added"


def test_a_new_due_date_gets_a_new_reminder(
    client: TestClient, admin: Account, alice: Account
) -> None:
    """One reminder per task *per due date*: moved and overdue again is worth a reminder."""
    late = task(client, alice, "late", due=LAST_WEEK)
    sweep(client, admin)
    client.patch(f"/tasks/{late}", json={"due": YESTERDAY}, headers=alice.headers)
    sweep(client, admin)
    assert [r["due"] for r in reminders(client, alice)] == [LAST_WEEK, YESTERDAY]


def test_another_users_reminders_are_never_visible(
    client: TestClient, admin: Account, alice: Account, bob: Account
) -> None:
    task(client, alice, "alice's secret", due=YESTERDAY)
    sweep(client, admin)
    assert len(reminders(client, alice)) == 1
    assert reminders(client, bob) == [], "bob sees none of alice's reminders"
    assert client.get("/reminders").status_code == 401, "and nobody sees them logged out"


def test_reminders_come_in_pages(client: TestClient, admin: Account, alice: Account) -> None:
    ids = [task(client, alice, f"late {n}", due=YESTERDAY) for n in range(3)]
    sweep(client, admin)
    first = client.get("/reminders", params={"limit": 2}, headers=alice.headers).json()
    assert first["next_cursor"] is not None and len(first["items"]) == 2, first
    rest = reminders(client, alice, limit=2, after=first["next_cursor"])
    assert [r["task_id"] for r in first["items"] + rest] == ids, "every reminder once, in order"


def test_deleting_a_task_deletes_its_reminders(
    client: TestClient, admin: Account, alice: Account
) -> None:
    late = task(client, alice, "late", due=YESTERDAY)
    sweep(client, admin)
    client.delete(f"/tasks/{late}", headers=alice.headers)
    assert reminders(client, alice) == []


def test_the_in_process_timer_sweeps_without_being_asked(settings: Settings) -> None:
    """No Redis: the API's own timer sweeps every DAY20_SWEEP_SECONDS."""
    app = create_app(settings.model_copy(update={"day20_sweep_seconds": 0.2}))
    with TestClient(app) as client:
        ann = sign_up(client, "ann")
        task(client, ann, "late", due=YESTERDAY)
        deadline = time.monotonic() + 30
        while not (found := reminders(client, ann)) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert [r["title"] for r in found] == ["late"], "the timer recorded the reminder by itself"
