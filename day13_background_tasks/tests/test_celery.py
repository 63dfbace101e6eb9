"""The Celery runner on the real Redis with real worker processes (`python -m ... worker`).

Most tests share the session's worker; those that kill, restart or add workers start their
own, on a queue and key prefix of their own (the plugin's `celery_workers`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from day13_background_tasks import CeleryRunner, Settings, create_app, upload_path
from day13_background_tasks.tests.conftest import celery_settings
from day13_background_tasks.tests.helpers import (
    SAMPLE,
    WORKER_COMMAND,
    HoldingRunner,
    accepted,
    csv_bytes,
    day1_report,
    wait_finished,
    wait_for,
    worker_env,
)
from shared.celery_worker import CeleryWorker, CeleryWorkers
from shared.testing import live_asgi_server


def seconds_between(start: str, end: str) -> float:
    """Seconds from one ISO-8601 timestamp of the API to another."""
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def test_upload_is_done_by_a_celery_worker_with_day1_numbers(
    celery_client: TestClient, shared_celery: tuple[Settings, CeleryWorker]
) -> None:
    content = SAMPLE.read_bytes()
    location = accepted(celery_client, content, "sales_orders.csv")
    body = wait_finished(celery_client, location)
    assert body["state"] == "done", body
    assert body["worker"] == shared_celery[1].hostname, "the worker process did the work"
    report = celery_client.get(f"{location}/report").json()
    assert report == day1_report(content, "sales_orders.csv")


def test_malformed_csv_fails_on_the_worker_without_retrying(celery_client: TestClient) -> None:
    location = accepted(celery_client, b"a;b\n1;2\n\xc3(;3\n", "latin.csv")
    body = wait_finished(celery_client, location)
    assert (body["state"], body["attempts"]) == ("failed", 1), "no retry for a malformed file"
    assert body["error"].startswith("latin.csv: line 3 is not valid utf-8"), body["error"]


def test_duplicate_delivery_changes_nothing(
    celery_client: TestClient, shared_celery: tuple[Settings, CeleryWorker]
) -> None:
    """The same upload delivered again after it is done: no second attempt, same result."""
    settings = shared_celery[0]
    location = accepted(celery_client, csv_bytes(300), "once.csv")
    first = wait_finished(celery_client, location)
    report = celery_client.get(f"{location}/report").json()
    runner = CeleryRunner(settings)
    try:
        runner.submit(first["id"])  # the duplicate delivery
    finally:
        runner.close()
    # One worker takes its queue in order: once a later upload is done, so is the duplicate.
    wait_finished(celery_client, accepted(celery_client, csv_bytes(3), "later.csv"))
    again = celery_client.get(location).json()
    assert again == first, "attempts, timestamps and worker are untouched by the duplicate"
    assert celery_client.get(f"{location}/report").json() == report
    assert f"upload {first['id']} skipped" in shared_celery[1].log()


def test_twenty_concurrent_uploads_are_all_processed(
    shared_celery: tuple[Settings, CeleryWorker],
) -> None:
    """20 clients upload at once to a real server: 20 distinct uploads, each done once."""
    files = {f"part-{n:02d}.csv": csv_bytes(40 + n, seed=n) for n in range(20)}
    app = create_app(shared_celery[0])
    with live_asgi_server(app) as base, httpx.Client(base_url=base) as http:

        def send(name: str) -> str:
            response = http.post("/uploads", files={"file": (name, files[name], "text/csv")})
            assert response.status_code == 202, response.text
            return str(response.headers["location"])

        with ThreadPoolExecutor(20) as pool:
            locations = dict(zip(files, pool.map(send, files), strict=True))
        assert len(set(locations.values())) == 20, "every upload gets its own id"
        for name, location in locations.items():
            body = wait_finished(http, location)
            assert (body["state"], body["attempts"]) == ("done", 1), body
            report = http.get(f"{location}/report").json()
            assert report == day1_report(files[name], name), f"{name}: day 1's numbers"


def test_two_workers_share_one_queue_and_duplicates_run_once(
    tmp_path: Path, postgres_url: str, celery_workers: CeleryWorkers
) -> None:
    """Two workers take turns on one queue; each upload, delivered twice, is processed once.

    On PostgreSQL, where the two workers' claims really race.
    """
    settings = celery_settings(tmp_path, celery_workers, database_url=postgres_url)
    env = worker_env(settings)
    one = celery_workers.start(WORKER_COMMAND, env=env, name="one", wait=False)
    two = celery_workers.start(WORKER_COMMAND, env=env, name="two", wait=False)
    one.wait_ready(), two.wait_ready()
    runner = CeleryRunner(settings)
    with TestClient(create_app(settings)) as client:
        locations = [accepted(client, csv_bytes(2000, seed=n), f"f{n}.csv") for n in range(8)]
        try:
            for location in locations:  # a second delivery of every upload, racing the first
                runner.submit(location.rsplit("/", 1)[1])
        finally:
            runner.close()
        bodies = [wait_finished(client, location) for location in locations]
    assert all(b["state"] == "done" and b["attempts"] == 1 for b in bodies), bodies
    assert {b["worker"] for b in bodies} == {one.hostname, two.hostname}, "both workers worked"


def test_worker_killed_mid_file_is_redone_once_after_restart(
    tmp_path: Path, celery_workers: CeleryWorkers
) -> None:
    """SIGKILL mid-file: the unacknowledged job comes back after the visibility timeout."""
    settings = celery_settings(
        tmp_path, celery_workers, day13_visibility_timeout=2.0, day13_lease_seconds=0.3
    )  # progress every 0.1 s: the test sees the reading start, even on a fast machine
    worker = celery_workers.start(WORKER_COMMAND, env=worker_env(settings), name="victim")
    content = csv_bytes(200_000)  # about 7 MB: a second or more of reading
    with TestClient(create_app(settings)) as client:
        location = accepted(client, content, "big.csv")
        reading = wait_for(client, location, lambda b: b["state"] == "processing" and b["progress"])
        assert reading["progress"] < 100
        worker.kill()
        stuck = client.get(location).json()
        assert stuck["state"] == "processing", "nobody finishes it while no worker runs"
        worker.start()
        body = wait_finished(client, location, timeout=60)
        assert (body["state"], body["attempts"]) == ("done", 2), body
        assert client.get(f"{location}/report").json() == day1_report(content, "big.csv")


def test_transient_error_is_retried_with_back_off(
    shared_celery: tuple[Settings, CeleryWorker], tmp_path: Path
) -> None:
    """A stored file that cannot be read (for now) is retried later, each wait longer."""
    settings = shared_celery[0]
    content = csv_bytes(100)
    with TestClient(create_app(settings, runner=HoldingRunner())) as client:
        location = accepted(client, content, "flaky.csv")  # stored and queued, not sent yet
        upload_id = location.rsplit("/", 1)[1]
        stored = upload_path(settings.day13_upload_dir, upload_id)
        hidden = tmp_path / "hidden.csv"
        os.replace(stored, hidden)  # the storage "goes away" before the worker gets the job
        runner = CeleryRunner(settings)
        try:
            runner.submit(upload_id)
        finally:
            runner.close()
        waits: dict[int, float] = {}  # attempt -> how long it was told to wait

        def waited_twice(body: dict[str, Any]) -> bool:
            if body["retry_at"]:
                waits[body["attempts"]] = seconds_between(body["started_at"], body["retry_at"])
            return len(waits) >= 2

        failing = wait_for(client, location, waited_twice)
        assert failing["state"] == "queued", "a transient failure puts the upload back"
        assert "FileNotFoundError" in failing["error"], failing
        first, second = (waits[n] for n in sorted(waits)[:2])
        assert second > 1.5 * first, f"each retry waits longer (back-off): {waits}"
        os.replace(hidden, stored)  # the storage is back
        body = wait_finished(client, location)
        assert body["state"] == "done" and body["attempts"] >= 3, body
        assert body["error"] is None, "a success clears the last failure"
        assert client.get(f"{location}/report").json() == day1_report(content, "flaky.csv")
