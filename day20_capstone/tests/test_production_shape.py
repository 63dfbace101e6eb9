"""The production shape, small: two API instances and a Celery worker on PostgreSQL and Redis.

The worker runs Celery beat inside it (`worker --beat`, one beat for the system), which
sweeps for overdue tasks every second here.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import httpx

from day20_capstone import TASK_NAME, create_app, make_celery, upgrade
from day20_capstone.tests.helpers import PASSWORD, Account, email, test_settings, wait_for_job
from shared.celery_worker import CeleryWorkers
from shared.testing import live_asgi_server

WORKER = [sys.executable, "-m", "day20_capstone", "worker"]


def _account(api: httpx.Client, address: str) -> Account:
    created = api.post("/auth/register", json={"email": address, "password": PASSWORD})
    assert created.status_code == 201, created.text
    tokens = api.post("/auth/token", data={"username": address, "password": PASSWORD}).json()
    return Account(address, created.json()["id"], tokens["access_token"], tokens["refresh_token"])


def test_two_api_instances_share_cache_limits_and_a_celery_worker(
    tmp_path: Path, postgres_url: str, celery_workers: CeleryWorkers
) -> None:
    upgrade(postgres_url)
    settings = test_settings(
        tmp_path,
        database_url=postgres_url,
        redis_url=celery_workers.broker_url,
        day20_queue=celery_workers.queue,
        day20_key_prefix=celery_workers.key_prefix,
    )
    env = {
        "DATABASE_URL": postgres_url,
        "REDIS_URL": celery_workers.broker_url,
        "DAY20_QUEUE": celery_workers.queue,
        "DAY20_KEY_PREFIX": celery_workers.key_prefix,
        "DAY20_FILES": str(settings.day20_files),
        "DAY20_SWEEP_SECONDS": "1",
        "DAY20_MIGRATE_ON_START": "false",  # migrated above, as `migrate` would in production
    }
    worker = celery_workers.start(WORKER, env=env, wait=False, args=["--beat"])
    with (
        live_asgi_server(create_app(settings)) as one,
        live_asgi_server(create_app(settings)) as two,
        httpx.Client(base_url=one) as first,
        httpx.Client(base_url=two) as second,
    ):
        ann = _account(first, email("ann"))
        assert second.get("/users/me", headers=ann.headers).status_code == 200, (
            "tokens work on every instance"
        )
        assert first.get("/tasks", headers=ann.headers).headers["X-Cache"] == "MISS"
        assert second.get("/tasks", headers=ann.headers).headers["X-Cache"] == "HIT", (
            "one shared cache"
        )
        for api in (first, second, first, second):
            api.post("/auth/token", data={"username": ann.email, "password": "wrong-password!"})
        throttled = second.post("/auth/token", data={"username": ann.email, "password": PASSWORD})
        assert throttled.status_code == 429, "the login limit counts attempts on both instances"

        worker.wait_ready()
        csv = b"title\nfrom the worker\n"
        job = first.post("/jobs/import", files={"file": ("t.csv", csv)}, headers=ann.headers).json()
        done = wait_for_job(second, ann, job["id"])
        assert done["state"] == "done" and done["attempts"] == 1, (
            f"the Celery worker ran it: {done}"
        )
        assert second.get("/tasks", headers=ann.headers).headers["X-Cache"] == "MISS", (
            "the worker invalidated"
        )

        make_celery(settings).send_task(TASK_NAME, args=(job["id"],), queue=settings.day20_queue)
        worker.wait_for_log("skipped: already done")
        titles = [t["title"] for t in first.get("/tasks", headers=ann.headers).json()["items"]]
        assert titles == ["from the worker"], "a second delivery of the job changes nothing"

        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        late = first.post("/tasks", json={"title": "late", "due": yesterday}, headers=ann.headers)
        _wait_for_reminders(second, ann)
        worker.wait_for_log("overdue sweep: 0 new", after=len(worker.log()), timeout=30)
        reminders = second.get("/reminders", headers=ann.headers).json()["items"]
        assert [r["task_id"] for r in reminders] == [late.json()["id"]], (
            "Celery beat's periodic sweep recorded the overdue task's reminder, and the next"
            " sweep did not record it again"
        )


def _wait_for_reminders(api: httpx.Client, account: Account, timeout: float = 30.0) -> None:
    """Until beat's sweep has recorded a reminder of the account's."""
    deadline = time.monotonic() + timeout
    while not api.get("/reminders", headers=account.headers).json()["items"]:
        assert time.monotonic() < deadline, f"no sweep recorded a reminder within {timeout:g} s"
        time.sleep(0.1)
