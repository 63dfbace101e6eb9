"""`python -m day04_fastapi_tasks`: serves the API, exits 0/1/2 with one-line errors."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from day04_fastapi_tasks.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_help_describes_host_and_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "8004" in out


def test_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--port", "70000"])
    assert caught.value.code == 2
    assert "--port must be between 0 and 65535" in capsys.readouterr().err


def test_port_in_use_exits_1_with_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, "exactly one error line on stderr"
    assert f"cannot listen on 127.0.0.1:{port}" in lines[0]
    assert "try --port" in lines[0], "the error hints at the fix"


def test_module_serves_the_api_until_ctrl_c() -> None:
    """Starts the real server on a free port, answers HTTP, and exits 0 on Ctrl+C (SIGINT)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "day04_fastapi_tasks", "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        match = None
        while match is None:
            line = process.stderr.readline()
            assert line, "the server exited before announcing its address"
            match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        url = f"http://127.0.0.1:{match.group(1)}"
        assert httpx.get(f"{url}/tasks", timeout=5).json()["total"] == 0
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0, "Ctrl+C is a normal way to stop a server"
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
