"""The command line: serve (either runner), worker; exit codes 0/1/2 with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from day13_background_tasks.cli import main
from day13_background_tasks.tests.helpers import (
    SAMPLE,
    accepted,
    local_settings,
    serving,
    wait_finished,
    worker_env,
)
from shared.celery_worker import CeleryWorkers
from shared.testing import require_service

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_serve_says_it_runs_in_process_and_processes_uploads(tmp_path: Path) -> None:
    """`python -m day13_background_tasks` without a broker: the in-process runner, said so."""
    env = worker_env(local_settings(tmp_path), LOG_LEVEL="INFO")
    with serving(["--log-format", "json"], env=env, log_path=tmp_path / "server.log") as server:
        assert server.what == "upload API (in-process runner)"
        with httpx.Client(base_url=server.base_url) as http:
            body = wait_finished(http, accepted(http, SAMPLE.read_bytes(), "sales.csv"))
            assert body["state"] == "done", body
        server.process.send_signal(2)  # Ctrl+C
        assert server.process.wait(timeout=30) == 0, "Ctrl+C stops the server cleanly"
    messages = [json.loads(line)["message"] for line in server.log().splitlines()]
    assert any(m.startswith("background runner: in-process") for m in messages), messages


def test_serve_with_a_broker_and_workers_processes_on_celery(
    tmp_path: Path, celery_workers: CeleryWorkers
) -> None:
    """`--broker URL --workers 1` serves with the Celery runner and a worker beside it."""
    settings = local_settings(
        tmp_path, day13_queue=celery_workers.queue, day13_key_prefix=celery_workers.key_prefix
    )
    argv = ["--broker", celery_workers.broker_url, "--workers", "1"]
    with serving(argv, env=worker_env(settings), log_path=tmp_path / "server.log") as server:
        assert server.what == "upload API (celery runner)"
        with httpx.Client(base_url=server.base_url) as http:
            body = wait_finished(http, accepted(http, SAMPLE.read_bytes(), "sales.csv"), timeout=90)
        assert body["state"] == "done" and body["worker"].startswith("worker1@"), body
        server.process.send_signal(2)
        assert server.process.wait(timeout=60) == 0, "Ctrl+C stops the server and its worker"
    assert "worker1@" in server.log() and " ready." in server.log(), "the worker's log is shown"


@pytest.mark.parametrize(
    "argv", [["worker", "--broker", CLOSED], ["--broker", CLOSED]], ids=["worker", "serve"]
)
def test_unreachable_broker_exits_1_with_the_start_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach the broker at redis://127.0.0.1:1/0"), err
    assert err.count("\n") == 1 and "redis-server" in err, "one line, saying how to start Redis"


def test_worker_exits_1_when_the_database_is_unusable(capsys: pytest.CaptureFixture[str]) -> None:
    broker = require_service("redis")
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"
    assert main(["worker", "--broker", broker, "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot use the database") and "DATABASE_URL" in err, err
    assert "secret" not in err, "passwords never appear in messages"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--workers", "9", "--broker", CLOSED], id="too-many-workers"),
        pytest.param(["--workers", "1"], id="workers-without-broker"),
        pytest.param(["worker", "--workers", "1"], id="workers-option-on-a-worker"),
        pytest.param(["--concurrency", "2"], id="worker-option-on-serve"),
        pytest.param(["--port", "70000"], id="port-out-of-range"),
        pytest.param(["explode"], id="unknown-command"),
    ],
)
def test_bad_arguments_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err
