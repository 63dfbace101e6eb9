"""`pytest --attempts DIR`: a day's own tests grade a learner's package of the same name.

Each test here runs pytest in a subprocess on a copy of a real day (day 4's repository tests),
so what it proves is what an instructor sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "day04_fastapi_tasks"
TESTS = f"{PACKAGE}/tests/test_repository.py"
SITE = ROOT / "shared" / "attempt_site"


def copy_reference(attempts: Path) -> Path:
    """An attempt that is a faithful copy of the reference (what `course start` + solving gives)."""
    target = attempts / PACKAGE
    shutil.copytree(ROOT / PACKAGE, target, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    return target


def run_pytest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    child_env = {k: v for k, v in os.environ.items() if k != "COURSE_ATTEMPTS"}
    child_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--no-cov", *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_an_attempt_that_matches_the_reference_passes_and_is_the_code_under_test(
    tmp_path: Path,
) -> None:
    target = copy_reference(tmp_path)
    # Mark the attempt, so the run proves the attempt (not the reference) was imported.
    init = target / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "\nGRADED_COPY = True\n", encoding="utf-8")
    result = run_pytest(TESTS, f"--attempts={tmp_path}")
    assert result.returncode == 0, result.stdout[-2000:]
    assert f"attempts: {PACKAGE}" in result.stdout, "the run says which days come from attempts"
    imported = subprocess.run(
        [sys.executable, "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"],
        cwd=ROOT,
        env={**os.environ, "COURSE_ATTEMPTS": str(tmp_path), "PYTHONPATH": str(SITE)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert str(target) in imported.stdout, "a subprocess imports the attempt too"


def test_the_option_also_takes_the_folder_as_a_separate_argument_and_from_the_environment(
    tmp_path: Path,
) -> None:
    copy_reference(tmp_path)
    separate = run_pytest(TESTS, "-q", "--attempts", str(tmp_path))
    assert separate.returncode == 0, separate.stdout[-2000:]
    from_env = run_pytest(TESTS, env={"COURSE_ATTEMPTS": str(tmp_path)})
    assert from_env.returncode == 0 and f"attempts: {PACKAGE}" in from_env.stdout


def test_a_missing_public_name_fails_each_test_with_one_readable_line(tmp_path: Path) -> None:
    target = copy_reference(tmp_path)
    (target / "__init__.py").write_text('"""An attempt that exports nothing yet."""\n')
    junit = tmp_path / "junit.xml"
    result = run_pytest(TESTS, "-q", f"--attempts={tmp_path}", f"--junitxml={junit}")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout, "a learner sees a sentence, not a traceback"
    cases = list(ET.parse(junit).getroot().iter("testcase"))
    assert len(cases) == 6, "each rubric test of the module is still listed"
    for case in cases:
        problem = next(child for child in case if child.tag in ("failure", "error"))
        assert f"attempt {PACKAGE} has no `" in problem.get("message", "")
        assert "in `__init__.py`" in problem.get("message", "")


def test_an_attempt_that_does_not_import_fails_its_tests_with_the_reason(tmp_path: Path) -> None:
    target = copy_reference(tmp_path)
    (target / "__init__.py").write_text("raise RuntimeError('half written')\n")
    result = run_pytest(TESTS, "-q", f"--attempts={tmp_path}")
    assert result.returncode == 1
    assert "does not import (RuntimeError: half written)" in result.stdout


def test_internal_tests_are_left_out_when_an_attempt_is_graded(tmp_path: Path) -> None:
    listed = run_pytest("day01_csv_report", "--collect-only", "-q", "-m", "internal")
    internal = [line for line in listed.stdout.splitlines() if "::" in line and "/tests/" in line]
    assert internal, "some day has internal tests (the reference's own details)"
    package = internal[0].split("/")[0]
    shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("tests"))
    graded = run_pytest(package, "--collect-only", "-q", "-m", "internal", f"--attempts={tmp_path}")
    kept = [line for line in graded.stdout.splitlines() if "::" in line]
    assert not kept, f"internal tests must not grade an attempt, but these were kept: {kept[:3]}"


def test_an_unknown_attempts_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_pytest(TESTS, f"--attempts={tmp_path / 'missing'}")
    assert result.returncode == 4
    assert "no such folder" in result.stderr


@pytest.mark.parametrize("flag", ["--collect-only"])
def test_collect_only_prints_no_coverage_table(flag: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", TESTS, flag, "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-1000:]
    assert "coverage:" not in result.stdout
