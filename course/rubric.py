"""Running a day's rubric (its tests, without the `internal` ones) and reading the verdicts.

The rubric runs in a pytest subprocess with `--attempts`, and its JUnit XML carries each test's
criterion (the plugin's `criterion` property), so graders and checklists read one format.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Verdict:
    """One criterion of the rubric and how the graded code did on it."""

    day: str
    test_id: str
    criterion: str
    passed: bool
    skipped: bool
    message: str
    internal: bool


@dataclass(frozen=True)
class RubricRun:
    """The verdicts of one pytest run, and how it ended."""

    verdicts: list[Verdict]
    exit_code: int
    output: str

    def for_day(self, day: str, *, rubric_only: bool = True) -> list[Verdict]:
        """The verdicts of one day (`day07`), by default without internal tests."""
        return [v for v in self.verdicts if v.day == day and not (rubric_only and v.internal)]


def marker_expression(days: Sequence[str], *, rubric_only: bool) -> str:
    """`-m` expression for the days' tests (`(day01 or day02) and not internal`)."""
    expression = "(" + " or ".join(days) + ")"
    return expression + " and not internal" if rubric_only else expression


def test_paths(days: Sequence[str]) -> list[str]:
    """Where the days' tests live: their folders, and the workspace tests (conformance, READMEs).

    Collecting only these keeps a run fast and independent of other days' state.
    """
    folders = sorted(p.name for p in ROOT.glob("day*_*") if p.is_dir() and p.name[:5] in days)
    return [*folders, "tests"]


def run_rubric(
    days: Sequence[str],
    *,
    attempts: Path | None,
    rubric_only: bool = True,
    extra_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    timeout: float = 1800,
    exit_first: bool = False,
) -> RubricRun:
    """Run the days' tests on `attempts` (the reference when None) and collect the verdicts."""
    with tempfile.TemporaryDirectory(prefix="course-rubric-") as scratch:
        junit = Path(scratch) / "junit.xml"
        args = [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            marker_expression(days, rubric_only=rubric_only),
        ]
        args += ["-p", "no:cacheprovider", "--no-cov", "-q", f"--junitxml={junit}"]
        args += ["-o", "junit_logging=no", "-o", "console_output_style=classic"]
        if exit_first:
            args.append("-x")
        if attempts is not None:
            args.append(f"--attempts={attempts.resolve()}")
        args += list(extra_args) or test_paths(days)
        child_env = {**os.environ, **(env or {})}
        child_env.pop("COURSE_ATTEMPTS", None)  # only the explicit option decides
        # A grading run measures no coverage (--no-cov), nor under a measured test run of the
        # course itself: coverage.py's subprocess hook would trace the whole rubric.
        child_env.pop("COVERAGE_PROCESS_CONFIG", None)
        result = subprocess.run(
            args, cwd=ROOT, env=child_env, capture_output=True, text=True, timeout=timeout
        )
        verdicts = read_junit(junit) if junit.exists() else []
    return RubricRun(
        verdicts=verdicts, exit_code=result.returncode, output=result.stdout + result.stderr
    )


def read_junit(path: Path) -> list[Verdict]:
    """The verdicts in a pytest JUnit XML file written with the course plugin."""
    verdicts = []
    for case in ET.parse(path).getroot().iter("testcase"):
        properties = {p.get("name", ""): p.get("value", "") for p in case.iter("property")}
        problem = next((c for c in case if c.tag in ("failure", "error")), None)
        skipped = case.find("skipped") is not None
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        verdicts.append(
            Verdict(
                day=properties.get("day", ""),
                test_id=test_id,
                criterion=properties.get("criterion") or case.get("name") or "",
                passed=problem is None and not skipped,
                skipped=skipped,
                message=_first_line(problem.get("message", "") if problem is not None else ""),
                internal=properties.get("internal") == "true",
            )
        )
    return verdicts


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
