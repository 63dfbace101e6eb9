"""`python -m day10_redis_cache`: usage errors exit 2, a dead database exits 1, and a dead
Redis only costs one warning line while the server keeps answering."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from day10_redis_cache.cli import main
from day10_redis_cache.tests.helpers import free_port


def test_help_describes_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--redis-url" in out and "--port" in out


def test_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--port", "70000"])
    assert exit_info.value.code == 2
    assert "--port must be between 0 and 65535" in capsys.readouterr().err


def test_unreachable_database_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://course:secret@127.0.0.1:1/nowhere"
    assert main(["--database-url", url, "--port", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("error: cannot prepare the database"), err
    assert "secret" not in err, "the password never reaches the terminal"


def test_server_keeps_serving_with_one_warning_when_redis_is_down(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "day10_redis_cache", "--port", str(port)]
    command += ["--database-url", f"sqlite:///{tmp_path / 'cli.db'}"]
    command += ["--redis-url", "redis://127.0.0.1:1/0"]
    root = Path(__file__).resolve().parents[2]
    log = tmp_path / "server.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(command, cwd=root, stderr=stderr, env=dict(os.environ))
        try:
            answers = [wait_for(f"http://127.0.0.1:{port}/tasks") for _ in range(3)]
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert [(a.status_code, a.headers["X-Cache"]) for a in answers] == [(200, "BYPASS")] * 3
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    warnings = [line["message"] for line in lines if line["level"] == "warning"]
    assert len(warnings) == 1 and "Redis at 127.0.0.1:1 is not reachable" in warnings[0], warnings


def wait_for(url: str) -> httpx.Response:
    """GET `url`, retrying while the server is still starting (up to 60 s on a busy machine)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
