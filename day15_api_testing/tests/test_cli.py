"""The command line: usage errors exit 2, an unreachable server exits 1 in one line."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from day15_api_testing.cli import main


def test_help_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "day15_api_testing", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "--base-url" in result.stdout


def test_list_prints_each_criterion_with_its_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "invalid_tag_name_is_422[empty]: A tag name that is not a lowercase slug" in "\n".join(
        lines
    ), "--list shows id: criterion, one line per check and case"
    assert len(lines) >= 30


def test_default_run_checks_day7_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """With no --base-url, the checks run on day 7's app in process, on a temporary file."""
    assert main(["-k", "delete_task"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Checking day 7's task API in process")
    assert out.rstrip().endswith("1 of 1 criteria pass")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--base-url", "127.0.0.1:8007"], id="url-without-scheme"),
        pytest.param(["--base-url", "ftp://127.0.0.1"], id="not-http"),
        pytest.param(["-k", "no-such-check"], id="selects-nothing"),
        pytest.param(["--timeout", "0"], id="zero-timeout"),
        pytest.param(["--colour"], id="unknown-option"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unreachable_server_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main(["--base-url", f"http://127.0.0.1:{port}", "--timeout", "2"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: cannot reach http://127.0.0.1:{port}")


def test_server_of_another_api_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A server that does not serve /tasks is named as such, before any check runs."""
    from fastapi import FastAPI

    from shared.testing import live_asgi_server

    with live_asgi_server(FastAPI()) as base_url:
        assert main(["--base-url", base_url]) == 1
    err = capsys.readouterr().err
    assert f"error: {base_url}/tasks answered 404, not 200" in err
