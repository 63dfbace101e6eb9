"""`python -m course`: the learner's and instructor's commands, on a real day (day 6)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from course.catalog import find_day
from course.cli import main
from course.learner import checklist, watch
from course.rubric import Verdict

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "day06_sqlite_inventory"


def solved(attempts: Path) -> Path:
    """An attempts folder whose day 6 is the reference itself (every region written)."""
    shutil.copytree(
        ROOT / PACKAGE, attempts / PACKAGE, ignore=shutil.ignore_patterns("tests", "__pycache__")
    )
    return attempts


def test_start_writes_the_starter_and_never_overwrites_an_attempt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts = tmp_path / "attempts"
    assert main(["start", "06", "--attempts", str(attempts)]) == 0
    starter = attempts / PACKAGE
    assert (starter / "__init__.py").is_file() and (starter / "README.md").is_file()
    assert not (starter / "tests").exists(), "the rubric is not part of the starter"
    sources = "".join(p.read_text(encoding="utf-8") for p in starter.rglob("*.py"))
    assert "NotImplementedError" in sources, "the starter leaves the solution regions to write"
    assert "parts to write" in capsys.readouterr().out

    assert main(["start", "06", "--attempts", str(attempts)]) == 2
    assert "already exists" in capsys.readouterr().err

    assert main(["start", "06", "--attempts", str(attempts), "--force"]) == 0
    backups = list((attempts / ".backup").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith(PACKAGE), "--force keeps a backup"


def test_check_of_a_solved_day_passes_every_criterion_and_records_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`course check` (here through --watch's loop, once) shows ✓ for every criterion."""
    attempts = solved(tmp_path / "attempts")
    assert watch(find_day("06"), attempts, interval=0, rounds=1) == 0
    out = capsys.readouterr().out
    assert "✓" in out and "✗" not in out and "watching" in out
    summary = next(line for line in out.splitlines() if line.endswith("criteria pass"))
    passed, total = summary.split()[0].split("/")
    assert passed == total and int(total) > 50, "the whole rubric ran"
    progress = json.loads((attempts / ".course-progress.json").read_text(encoding="utf-8"))
    assert progress["day06"]["passed"] == progress["day06"]["total"]
    assert main(["list", "--attempts", str(attempts)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if PACKAGE in line)
    assert row.rstrip().endswith("passed")


def test_the_checklist_marks_each_criterion_and_quotes_the_first_failure() -> None:
    verdicts = [
        Verdict("day06", "a::t1", "Sells stock", True, False, "", False),
        Verdict("day06", "a::t2", "Refuses to oversell", False, False, "expected exit 1", False),
        Verdict("day06", "a::t3", "Needs a service", False, True, "skipped", False),
        Verdict("day06", "a::t4", "Exports CSV", False, False, "second failure", False),
    ]
    lines = checklist(verdicts).splitlines()
    assert lines[:4] == [
        "✓ Sells stock",
        "✗ Refuses to oversell",
        "- Needs a service",
        "✗ Exports CSV",
    ]
    assert "first failure: Refuses to oversell" in lines
    assert "  expected exit 1" in lines and "second failure" not in "\n".join(lines)
    assert lines[-1] == "1/4 criteria pass"


def test_check_without_an_attempt_checks_the_reference_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "2", "--attempts", str(tmp_path / "attempts")]) == 0
    out = capsys.readouterr().out
    assert "checking the reference solution instead" in out


def test_hint_lists_the_parts_a_learner_writes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hint", "06"]) == 0
    out = capsys.readouterr().out
    assert "What you write for day 6" in out and ".py:" in out


def test_an_unknown_day_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "99"]) == 2
    assert "there is no day '99'" in capsys.readouterr().err


@pytest.mark.timeout(600)  # whole rubric runs in pytest subprocesses: minutes on a busy machine
def test_grade_scores_a_class_in_parallel_and_writes_junit_json_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = solved(tmp_path / "ada" / "attempts")
    fresh = tmp_path / "bob" / "attempts"
    main(["start", "06", "--attempts", str(fresh)])
    capsys.readouterr()
    junit, summary, table = tmp_path / "class.xml", tmp_path / "class.json", tmp_path / "class.csv"
    args = ["grade", str(good), str(fresh), "--days", "6", "--jobs", "2"]
    args += ["--junit", str(junit), "--json", str(summary), "--csv", str(table)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "ada" in out and "bob" in out and "| learner | day06 |" in out
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert {s.get("name") for s in suites} == {"ada.day06", "bob.day06"}
    ada = next(s for s in suites if s.get("name") == "ada.day06")
    assert ada.get("failures") == "0" and int(ada.get("tests", "0")) > 50
    scores = json.loads(summary.read_text(encoding="utf-8"))
    assert scores["ada"]["day06"]["score"] == 1.0
    assert scores["bob"]["day06"]["score"] < 0.3, "a fresh starter fails most of the rubric"
    assert table.read_text(encoding="utf-8").splitlines()[0] == "learner,day06"


def test_grade_of_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["grade", str(tmp_path / "nobody")]) == 2
    assert "no such attempts folder" in capsys.readouterr().err


def test_doctor_names_every_service_and_the_server_ports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["doctor"])
    out = capsys.readouterr().out
    for name in ("Python", "uv", "PostgreSQL", "Redis", "RabbitMQ", "MongoDB", "ports 8001-8020"):
        assert name in out


@pytest.mark.timeout(600)  # whole rubric runs in pytest subprocesses: minutes on a busy machine
def test_verify_proves_a_days_starter_fails_most_of_a_rubric_the_reference_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", "--days", "6"])
    out = capsys.readouterr().out
    assert "day06" in out and "starter fails" in out
    row = next(line for line in out.splitlines() if line.startswith("day06"))
    assert code == 0 and row.rstrip().endswith("ok"), out
