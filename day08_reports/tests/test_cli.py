"""The command line through main([...]): seed, report (JSON and CSV), migrate, errors."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest

from day08_reports.cli import main
from day08_reports.tests.conftest import sqlite_url


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite file of this test's own (created by the commands)."""
    return sqlite_url(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run main and return (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_then_report_prints_json(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--database-url", url, "seed", "--tasks", "120", "--items", "20")
    assert code == 0
    assert out.startswith("seeded 120 tasks, 7 new projects, 20 items and ")
    code, out, _ = run(capsys, "report", "completion-rate", "--database-url", url)
    assert code == 0
    assert json.loads(out)["tasks"] == 120, "every seeded task was created in the last year"


def test_report_as_csv_has_a_header_row(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--database-url", url, "seed", "--tasks", "50", "--items", "30", "--seed", "3")
    code, out, _ = run(
        capsys, "--database-url", url, "report", "inventory-value", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and set(rows[0]) == {"category", "items", "units", "value_cents", "value"}
    assert sum(int(r["items"]) for r in rows) == 30


def test_report_filters_are_passed_on(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--database-url", url, "seed", "--tasks", "80", "--until", "2026-03-01")
    args = ["--database-url", url, "report", "overdue", "--today", "2026-03-01", "--limit", "2"]
    code, out, _ = run(capsys, *args, "--project", "1", "--from", "2025-06-01")
    report = json.loads(out)
    assert (code, report["today"], report["limit"], report["project_id"]) == (0, "2026-03-01", 2, 1)
    assert len(report["rows"]) <= 2


def test_migrate_creates_the_schema(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--database-url", url, "migrate")
    assert (code, out.strip()) == (0, f"migrate: {url} has the report schema")
    code, out, _ = run(capsys, "--database-url", url, "report", "low-stock")
    assert json.loads(out)["total"] == 0


def test_from_after_to_exits_2_with_one_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "--database-url",
        url,
        "report",
        "completed-by-day",
        "--from",
        "2026-02-01",
        "--to",
        "2026-01-01",
    )
    assert code == 2
    expected = "error: the date range is empty: from 2026-02-01 is after to 2026-01-01 ("
    assert err.startswith(expected), "one lowercase line, no full stop, like every other day"
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "inventory-value", "--from", "2026-01-01"],
        ["report", "nonsense"],
        ["report", "overdue", "--today", "tomorrow"],
        ["seed"],
        ["seed", "--tasks", "-5"],
        ["report", "low-stock", "--limit", "0"],
        ["--port", "70000"],
    ],
    ids=[
        "filter-the-report-does-not-take",
        "unknown-report",
        "date-that-is-not-a-date",
        "seed-without-tasks",
        "negative-task-count",
        "zero-limit",
        "port-out-of-range",
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_unreachable_database_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:9/nothing?connect_timeout=1"
    code, _, err = run(capsys, "--database-url", url, "report", "low-stock")
    assert code == 1
    assert "is the database running" in err
    assert "Traceback" not in err, "tracebacks only with --verbose"


def test_serve_on_a_taken_port_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code = main(["--database-url", sqlite_url(tmp_path), "--port", port])
    assert code == 1, "a port in use is a runtime failure"
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot listen on 127.0.0.1:{port}"), last


def test_serve_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--port", "70000"])
    assert exit_info.value.code == 2
    assert "--port must be between 0 and 65535" in capsys.readouterr().err
