"""`python -m day16_logging`: --help, the summary of an access log, and clear errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from day16_logging.cli import main


def access_line(route: str, status: int, ms: float, method: str = "GET") -> str:
    line = {
        "logger": "day16_logging.access",
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": ms,
        "message": f"{method} {route} {status}",
    }
    return json.dumps(line)


def test_help_works_without_any_service() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "day16_logging", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "summary" in result.stdout and "--port" in result.stdout


def test_summary_prints_count_error_rate_and_percentiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [access_line("/tasks", 200, float(ms)) for ms in range(1, 101)]  # 1..100 ms
    lines += [access_line("/tasks/{task_id}", 500, 7.0), access_line("/tasks/{task_id}", 200, 3.0)]
    lines += ["not json", json.dumps({"logger": "uvicorn.error", "message": "started"})]
    logfile = tmp_path / "access.log"
    logfile.write_text("\n".join(lines) + "\n")
    assert main(["summary", str(logfile)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("GET")}
    assert rows["/tasks"][2:] == ["100", "0.0%", "50.0", "95.0", "99.0"], (
        "count, error rate, then nearest-rank p50/p95/p99 in ms"
    )
    assert rows["/tasks/{task_id}"][2:4] == ["2", "50.0%"], "one 5xx out of two"
    assert "2 other lines skipped" in out


def test_summary_of_a_missing_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", str(tmp_path / "nope.log")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: cannot read") and "Traceback" not in error


def test_summary_of_a_log_without_access_lines_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logfile = tmp_path / "text.log"
    logfile.write_text("2026-01-01 INFO started\n")
    assert main(["summary", str(logfile)]) == 1
    assert "no access lines" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["summary"], ["serve", "extra.log"], ["--port", "70000"]],
    ids=["no-logfile", "serve-with-file", "bad-port"],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2


def test_a_taken_port_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        url = f"sqlite:///{tmp_path / 'tasks.db'}"
        assert (
            main(
                ["--port", str(port), "--database-url", url, "--redis-url", "redis://127.0.0.1:1/0"]
            )
            == 1
        )
    assert "cannot listen" in capsys.readouterr().err
