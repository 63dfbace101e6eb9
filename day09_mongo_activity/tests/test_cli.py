"""`python -m day09_mongo_activity`: arguments, settings errors, MongoDB down, a real run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from day09_mongo_activity.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_help_prints_usage_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage:" in out and "--port" in out and "MONGODB_URL" in out


@pytest.mark.parametrize(
    "argv",
    [["--port", "70000"], ["--port", "-1"], ["--port", "x"], ["--nope"]],
    ids=["port-too-big", "negative-port", "port-not-a-number", "unknown-option"],
)
def test_bad_arguments_exit_two(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_invalid_setting_in_the_environment_exits_two(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DAY09_MAX_BATCH", "0")
    assert main(["--port", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("error: invalid setting") and "DAY09_" in err, err


def test_unreachable_mongodb_exits_one_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MONGODB_URL", "mongodb://127.0.0.1:1")
    monkeypatch.setenv("DAY09_MONGODB_TIMEOUT_MS", "100")
    assert main(["--port", "0"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("error: MongoDB at MONGODB_URL did not answer"), last
    assert "unset it to run on mongomock" in last, "the hint says how to get going"


def test_module_serves_on_mongomock_warns_and_stops_cleanly_on_ctrl_c() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MONGODB_URL"}
    process = subprocess.Popen(
        [sys.executable, "-m", "day09_mongo_activity", "--port", "0"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        log: list[str] = []
        url = None
        for line in process.stderr:
            log.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
            if found:
                url = found.group(0)
                break
        assert url, "the server never said where it listens:\n" + "".join(log)
        assert any("nothing is persisted" in line for line in log), "warn about mongomock"
        response = httpx.post(f"{url}/activities", json={"user_id": "u1", "action": "a"})
        assert response.status_code == 201
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0, "Ctrl-C is a clean stop"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
