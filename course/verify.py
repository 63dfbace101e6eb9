"""`course verify`: every day's starter is proved to be a real exercise, not hoped to be one.

For each day: the starter (every solution region stubbed) imports, `python -m dayNN_slug
--help` works, and it fails at least 70% of the day's rubric, while the reference passes all of
it. With `per_region`, each region is stubbed on its own and at least one rubric test must fail:
no region goes ungraded (slow: one rubric run per region, a nox session rather than CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course.catalog import Day
from course.regions import Region, RegionError, package_regions
from course.rubric import ROOT, Verdict, read_junit, run_rubric
from course.starter import write_starter
from course.tables import format_table
from shared.attempt_import import ENV_VAR, SITE_DIR

MIN_STARTER_FAILURES = 0.70


@dataclass
class DayCheck:
    """What `verify` found for one day."""

    day: Day
    regions: int = 0
    rubric: int = 0
    internal: int = 0
    reference_failures: list[str] = field(default_factory=list)
    starter_failed: int = 0
    starter_total: int = 0
    problems: list[str] = field(default_factory=list)
    ungraded_regions: list[str] = field(default_factory=list)
    regions_checked: int = 0

    @property
    def starter_ratio(self) -> float:
        """The share of rubric tests the starter fails."""
        return self.starter_failed / self.starter_total if self.starter_total else 0.0

    @property
    def ok(self) -> bool:
        """True when the day meets every requirement that was checked."""
        return not self.problems and not self.ungraded_regions


def attempt_env(attempts: Path) -> dict[str, str]:
    """The environment in which a subprocess imports the attempts in `attempts`."""
    paths = [str(SITE_DIR), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, ENV_VAR: str(attempts.resolve()), "PYTHONPATH": os.pathsep.join(paths)}
    for name in ("DATABASE_URL", "REDIS_URL", "AMQP_URL", "MONGODB_URL"):
        env.pop(name, None)
    return env


def _run(args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def check_starter_basics(day: Day, attempts: Path, check: DayCheck) -> None:
    """The starter imports and its `--help` works."""
    env = attempt_env(attempts)
    imported = _run(["-c", f"import {day.package}; print({day.package}.__file__)"], env)
    if imported.returncode != 0:
        check.problems.append(f"starter does not import: {_last_line(imported.stderr)}")
        return
    if str(attempts.resolve()) not in imported.stdout:
        check.problems.append("the starter was not the package imported (attempts not honoured)")
    helped = _run(["-m", day.package, "--help"], env)
    if helped.returncode != 0:
        check.problems.append(
            f"starter's --help exits {helped.returncode}: {_last_line(helped.stderr)}"
        )


def check_reference(day: Day, verdicts: list[Verdict], check: DayCheck) -> None:
    """The reference passes its whole rubric; at most a fifth of its tests are internal."""
    mine = [v for v in verdicts if v.day == day.key]
    rubric = [v for v in mine if not v.internal and not v.skipped]
    check.rubric = len(rubric)
    check.internal = sum(v.internal for v in mine)
    check.reference_failures = [v.test_id for v in rubric if not v.passed]
    if not rubric:
        check.problems.append("the reference ran no rubric tests")
    if check.reference_failures:
        failing = ", ".join(check.reference_failures[:3])
        count = len(check.reference_failures)
        check.problems.append(f"the reference fails {count} rubric tests: {failing}")
    if mine and check.internal > len(mine) / 5:
        check.problems.append(
            f"{check.internal} of {len(mine)} tests are internal (at most a fifth)"
        )


def check_starter_rubric(day: Day, attempts: Path, check: DayCheck) -> None:
    """The starter fails at least 70% of the rubric."""
    run = run_rubric([day.key], attempts=attempts)
    verdicts = [v for v in run.for_day(day.key) if not v.skipped]
    check.starter_total = len(verdicts)
    check.starter_failed = sum(not v.passed for v in verdicts)
    if check.starter_ratio < MIN_STARTER_FAILURES:
        check.problems.append(
            f"the starter fails only {check.starter_ratio:.0%} of the rubric "
            f"(needs {MIN_STARTER_FAILURES:.0%}): mark more of the core as solution regions"
        )


def check_each_region(day: Day, regions: list[Region], check: DayCheck) -> None:
    """Stub one region at a time: some rubric test must fail for each."""
    for region in regions:
        with tempfile.TemporaryDirectory(prefix="course-region-") as scratch:
            write_starter(day.folder, Path(scratch) / day.package, only=[region])
            run = run_rubric([day.key], attempts=Path(scratch), exit_first=True)
        check.regions_checked += 1
        if all(v.passed or v.skipped for v in run.for_day(day.key)):
            where = f"{region.path.relative_to(day.folder)}:{region.start}"
            check.ungraded_regions.append(f"{where} ({region.what})")


def verify_day(day: Day, reference: list[Verdict], *, per_region: bool) -> DayCheck:
    """Every check of one day."""
    check = DayCheck(day)
    try:
        regions = package_regions(day.folder)
    except RegionError as exc:
        check.problems.append(str(exc))
        return check
    check.regions = len(regions)
    if not regions:
        check.problems.append("no solution regions: a learner's starter cannot be made")
        return check
    check_reference(day, reference, check)
    with tempfile.TemporaryDirectory(prefix="course-starter-") as scratch:
        attempts = Path(scratch)
        write_starter(day.folder, attempts / day.package)
        before = len(check.problems)
        check_starter_basics(day, attempts, check)
        if len(check.problems) == before:
            check_starter_rubric(day, attempts, check)
    if per_region:
        check_each_region(day, regions, check)
    return check


def verify_days(
    days: Sequence[Day], reference: list[Verdict], *, per_region: bool, jobs: int
) -> list[DayCheck]:
    """Verify the days, `jobs` at a time (each day's rubric runs in pytest processes of its own)."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda day: verify_day(day, reference, per_region=per_region), days))


def reference_verdicts(days: Sequence[Day], junit: Path | None) -> list[Verdict]:
    """The reference's verdicts: read from a JUnit file of a full run, or run now."""
    if junit is not None:
        return read_junit(junit)
    return run_rubric([day.key for day in days], attempts=None, rubric_only=False).verdicts


def report(checks: Sequence[DayCheck], *, per_region: bool) -> str:
    """A table per day, then each problem."""
    header = ["day", "regions", "rubric", "internal", "starter fails", "verdict"]
    if per_region:
        header.insert(5, "regions graded")
    rows = [header]
    for check in checks:
        row = [
            check.day.key,
            str(check.regions),
            str(check.rubric),
            str(check.internal),
            f"{check.starter_failed}/{check.starter_total} ({check.starter_ratio:.0%})",
            "ok" if check.ok else "FAIL",
        ]
        if per_region:
            graded = check.regions_checked - len(check.ungraded_regions)
            row.insert(5, f"{graded}/{check.regions_checked}")
        rows.append(row)
    lines = [format_table(rows)]
    for check in checks:
        lines += [f"{check.day.key}: {problem}" for problem in check.problems]
        lines += [
            f"{check.day.key}: no rubric test fails when only {r} is stubbed"
            for r in check.ungraded_regions
        ]
    return "\n".join(lines)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"
