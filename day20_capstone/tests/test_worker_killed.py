"""A Celery worker SIGKILLed in the middle of a CSV import: redelivered, and done once.

Real worker processes (the plugin's `celery_workers`) on the real Redis and PostgreSQL,
with a 2-second visibility timeout so the unacknowledged job comes back quickly. To kill
the worker *mid-job* on any machine, fast or loaded, the test holds a SHARE lock on `tasks`:
the worker claims the job (`running`, attempt 1), reads the file and then waits at its
INSERT, rows in hand, until it is killed. Another worker is started only then, so the job
can only come back to it. Day 13's polling helpers do the waiting.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from day07_sqlalchemy_orm import create_engine_from_url
from day13_background_tasks.tests.helpers import wait_finished, wait_for, worker_env
from day20_capstone import create_app, upgrade
from day20_capstone.tests.helpers import sign_up, test_settings
from shared.celery_worker import CeleryWorkers

WORKER = [sys.executable, "-m", "day20_capstone", "worker"]
ROWS = 2000
CSV = ("title,priority\n" + "".join(f"row {n:05d},{1 + n % 3}\n" for n in range(ROWS))).encode()
WAITING_FOR_TASKS = (
    "SELECT count(*) FROM pg_locks WHERE relation = 'tasks'::regclass AND NOT granted"
)


def _wait_blocked(db: Connection, timeout: float = 30.0) -> None:
    """Until some session waits for the lock on `tasks` (the worker, at its INSERT)."""
    deadline = time.monotonic() + timeout
    while not db.execute(text(WAITING_FOR_TASKS)).scalar_one():
        assert time.monotonic() < deadline, "the worker never reached its INSERT of the rows"
        time.sleep(0.05)


def test_a_worker_killed_mid_import_is_redelivered_and_imports_every_row_once(
    tmp_path: Path, postgres_url: str, celery_workers: CeleryWorkers
) -> None:
    upgrade(postgres_url)
    settings = test_settings(
        tmp_path,
        database_url=postgres_url,
        redis_url=celery_workers.broker_url,
        day20_queue=celery_workers.queue,
        day20_key_prefix=celery_workers.key_prefix,
        day20_visibility_timeout=2.0,
    )
    env = worker_env(settings)  # day 13's helper: these settings as environment variables
    victim = celery_workers.start(WORKER, env=env, name="victim", wait=False)
    engine = create_engine_from_url(postgres_url)
    try:
        with TestClient(create_app(settings)) as client, engine.connect() as db:
            ann = sign_up(client, "ann")
            client.headers.update(ann.headers)  # day 13's helpers GET without extra headers
            db.execute(text("LOCK TABLE tasks IN SHARE MODE"))  # until the rollback below
            victim.wait_ready()
            reply = client.post("/jobs/import", files={"file": ("big.csv", CSV, "text/csv")})
            assert reply.status_code == 202, reply.text
            location = f"/jobs/{reply.json()['id']}"
            running = wait_for(client, location, lambda body: body["state"] == "running")
            assert running["attempts"] == 1, running
            _wait_blocked(db)
            victim.kill()  # SIGKILL mid-job: no acknowledgement, no commit
            stuck = client.get(location).json()
            assert (stuck["state"], stuck["attempts"]) == ("running", 1), stuck
            db.rollback()  # the lock goes; the killed worker's transaction is rolled back
            rescuer = celery_workers.start(WORKER, env=env, name="rescuer")
            done = wait_finished(client, location, timeout=60)
            assert (done["state"], done["attempts"]) == ("done", 2), (
                f"redelivered to the new worker after the visibility timeout: {done}"
            )
            assert done["report"]["imported"] == ROWS, done
            stats = client.get("/tasks/stats").json()
            assert stats["total"] == ROWS, f"every row imported exactly once, none twice: {stats}"
            titles = db.execute(
                text("SELECT count(DISTINCT title) FROM tasks WHERE owner_id = :id"),
                {"id": ann.id},
            ).scalar_one()
            assert titles == ROWS
            rescuer.wait_for_log(f"{reply.json()['id']}] succeeded")  # acknowledged
            rescuer.kill()  # idle now: the quick stop (a warm shutdown takes seconds)
    finally:
        engine.dispose()
