"""The production shape, small: two API instances and a Celery worker on PostgreSQL and Redis."""

from __future__ import annotations

import sys
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
    }
    worker = celery_workers.start(WORKER, env=env, wait=False)
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
