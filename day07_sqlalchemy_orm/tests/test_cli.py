"""The command line: migrate, downgrade, serve; exit codes 0/1/2 with one-line errors."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from day07_sqlalchemy_orm import current_revision
from day07_sqlalchemy_orm.cli import main
from day07_sqlalchemy_orm.tests.helpers import sqlite_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def restore_alembic_level() -> Iterator[None]:
    """main() quiets Alembic's logger; put its level back (the plugin restores the root)."""
    alembic = logging.getLogger("alembic")
    level = alembic.level
    yield
    alembic.setLevel(level)


def test_migrate_then_downgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_url(tmp_path)
    assert main(["migrate", "--database-url", url]) == 0
    assert capsys.readouterr().out.strip().endswith("is at revision 0001")
    assert current_revision(url) == "0001"
    assert main(["downgrade", "--database-url", url]) == 0
    assert capsys.readouterr().out.strip().endswith("is at revision base")
    assert current_revision(url) is None


def test_migrate_reads_database_url_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_url(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["migrate", "--revision", "0001"]) == 0
    assert current_revision(url) == "0001"


def test_verbose_migrate_narrates_each_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", "--verbose", "--database-url", sqlite_url(tmp_path)]) == 0
    assert "Running upgrade  -> 0001" in capsys.readouterr().err, "--verbose shows Alembic's log"


def test_unknown_revision_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", "--revision", "nope", "--database-url", sqlite_url(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, "one line on stderr"
    assert "nope" in err


def test_unreachable_database_exits_1_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"
    assert main(["migrate", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot migrate") and "DATABASE_URL" in err
    assert "secret" not in err, "passwords never appear in messages"


@pytest.mark.parametrize(
    "argv",
    [["serve", "--revision", "head"], ["--port", "70000"], ["explode"]],
    ids=["revision-with-serve", "port-out-of-range", "unknown-command"],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_serve_migrates_then_answers_http(tmp_path: Path) -> None:
    """`python -m day07_sqlalchemy_orm --port 0` migrates, says where it serves, answers HTTP."""
    url = sqlite_url(tmp_path)
    env = {**os.environ, "LOG_LEVEL": "INFO"}
    command = [sys.executable, "-m", "day07_sqlalchemy_orm", "--port", "0", "--database-url", url]
    command += ["--log-format", "json"]
    log = tmp_path / "server.log"
    with (
        log.open("w") as stderr,
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
        ) as server,
    ):
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            found = re.fullmatch(r"Serving task API on http://127\.0\.0\.1:(\d+)\n", line)
            assert found, f"one 'Serving ... on http://...' line on stdout first, got {line!r}"
            base = f"http://127.0.0.1:{found.group(1)}"
            assert httpx.post(f"{base}/projects", json={"name": "Garden"}).status_code == 201
            assert httpx.get(f"{base}/projects").json()[0]["name"] == "Garden"
        finally:
            server.send_signal(signal.SIGINT)
            assert server.wait(timeout=10) == 0, "Ctrl+C stops the server cleanly"
    assert current_revision(url) == "0001", "serving migrated the database first"
    lines = log.read_text().splitlines()
    assert lines and all(json.loads(line)["message"] for line in lines), (
        "--log-format json writes every log line as a JSON object"
    )
