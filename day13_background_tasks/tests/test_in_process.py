"""The in-process runner: what it does well (no broker), and what it cannot do (survive)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day13_background_tasks import InProcessRunner, Processor, Settings, create_app, upload_path
from day13_background_tasks.tests.helpers import (
    HoldingRunner,
    accepted,
    csv_bytes,
    local_settings,
    serving,
    wait_finished,
    wait_for,
    worker_env,
)


def test_in_process_runner_loses_an_upload_when_its_process_dies(tmp_path: Path) -> None:
    """The queue lived in the dead process's memory: after a restart nobody finishes it."""
    settings = local_settings(tmp_path, day13_lease_seconds=1.0)
    env = worker_env(settings)
    with serving([], env=env, log_path=tmp_path / "first.log") as server:
        assert server.what == "upload API (in-process runner)", "it says which runner it runs"
        with httpx.Client(base_url=server.base_url) as http:
            location = accepted(http, csv_bytes(200_000), "big.csv")  # 7 MB: seconds of work
        os.kill(server.process.pid, signal.SIGKILL)  # a crash, a deploy, the OOM killer
        server.process.wait()
    with TestClient(create_app(settings)) as restarted:  # the same app, started again
        time.sleep(2 * settings.day13_lease_seconds)  # long after its claim lapsed
        body = restarted.get(location).json()
    assert body["state"] in ("queued", "processing") and body["progress"] < 100, (
        f"the upload stays unfinished for ever: nothing redelivers it ({body})"
    )


@pytest.fixture
def queued_upload(settings: Settings, tmp_path: Path) -> Iterator[tuple[TestClient, str, Path]]:
    """An upload stored and queued by an app whose runner holds it; its file moved away."""
    with TestClient(create_app(settings, runner=HoldingRunner())) as client:
        location = accepted(client, csv_bytes(50), "flaky.csv")
        stored = upload_path(settings.day13_upload_dir, location.rsplit("/", 1)[1])
        hidden = tmp_path / "hidden.csv"
        os.replace(stored, hidden)  # the storage is gone for now, as a lost mount would be
        yield client, location, hidden


def in_process_runner(settings: Settings) -> InProcessRunner:
    """An in-process runner on the settings' database, as the app would build it."""
    sessions = make_session_factory(create_engine_from_url(settings.database_url))
    return InProcessRunner(Processor.from_settings(settings, sessions))


def test_in_process_runner_retries_a_transient_error(
    settings: Settings, queued_upload: tuple[TestClient, str, Path]
) -> None:
    """A stored file that cannot be read yet is retried after the back-off delay."""
    client, location, hidden = queued_upload
    runner = in_process_runner(settings.model_copy(update={"day13_retry_delay": 0.3}))
    try:
        runner.submit(location.rsplit("/", 1)[1])
        failing = wait_for(client, location, lambda b: b["attempts"] >= 1 and b["retry_at"])
        assert failing["state"] == "queued" and "FileNotFoundError" in failing["error"]
        os.replace(hidden, upload_path(settings.day13_upload_dir, failing["id"]))
        body = wait_finished(client, location)
    finally:
        runner.close()
    assert body["state"] == "done" and body["attempts"] >= 2, body


def test_in_process_runner_fails_an_upload_after_the_last_attempt(
    settings: Settings, queued_upload: tuple[TestClient, str, Path]
) -> None:
    client, location, _ = queued_upload
    quick = settings.model_copy(update={"day13_retry_delay": 0.05, "day13_max_attempts": 3})
    runner = in_process_runner(quick)
    try:
        runner.submit(location.rsplit("/", 1)[1])
        body = wait_finished(client, location)
    finally:
        runner.close()
    assert (body["state"], body["attempts"]) == ("failed", 3), body
    assert body["error"].startswith("gave up after 3 attempts: FileNotFoundError"), body


def test_stopping_the_server_gives_an_unfinished_upload_back(settings: Settings) -> None:
    """A clean shutdown stops reading at once; the upload is left queued, not half-done."""
    with TestClient(create_app(settings)) as client:
        location = accepted(client, csv_bytes(200_000), "big.csv")  # seconds of work
    with TestClient(create_app(settings)) as restarted:
        body = restarted.get(location).json()
    assert body["state"] == "queued" and body["progress"] < 100, body
    assert restarted.get(f"{location}/report").status_code == 409
