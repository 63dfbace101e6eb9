"""`python -m day11_rest_library`: migrate, serve, and clear errors with exit codes."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from day11_rest_library import is_current
from day11_rest_library.cli import main


def test_help_works_without_a_database() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "day11_rest_library", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "--require-if-match" in result.stdout


def test_migrate_creates_the_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'day11.db'}"
    assert main(["migrate", "--database-url", url]) == 0
    assert is_current(url), "migrate brings the database to the newest revision"
    assert "newest revision" in capsys.readouterr().out
    assert main(["migrate", "--database-url", url]) == 0, "migrating again changes nothing"


def test_bad_database_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--database-url", "not a url"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error:") and "Traceback" not in error


def test_unreachable_database_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/library?connect_timeout=2"
    assert main(["migrate", "--database-url", url]) == 1
    error = capsys.readouterr().err
    assert "cannot migrate" in error and "pg_ctlcluster" in error, "say how to start PostgreSQL"


def test_taken_port_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'day11.db'}"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port), "--database-url", url]) == 1
    assert "cannot listen" in capsys.readouterr().err


def test_bad_port_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--port", "70000"])
    assert stopped.value.code == 2
