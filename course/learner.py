"""The learner's commands: list the days, start one, check an attempt, read the hints."""

from __future__ import annotations

import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from course import progress
from course.catalog import Day, days
from course.regions import package_regions
from course.rubric import Verdict, run_rubric
from course.starter import write_starter
from course.tables import format_table
from shared.cli import CourseError, UsageError, output


def list_days(attempts: Path) -> int:
    """Print every day with its title, services and this learner's status."""
    recorded = progress.load(attempts)
    rows = [("day", "package", "title", "services", "status")]
    for day in days():
        if not (attempts / day.package).is_dir():
            status = "not started"
        elif day.key in recorded:
            status = recorded[day.key].status
        else:
            status = "started (run `course check` to see progress)"
        rows.append((str(day.number), day.package, day.title, day.services or "none", status))
    output(format_table(rows))
    return 0


def start(day: Day, attempts: Path, *, force: bool) -> int:
    """Write the day's starter into the attempts folder; keep an existing attempt safe."""
    target = attempts / day.package
    if target.exists():
        if not force:
            raise UsageError(
                f"{target} already exists: it holds your attempt",
                hint="use --force to start again (your attempt is kept as a backup)",
            )
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        backup = attempts / ".backup" / f"{day.package}-{stamp}"
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), str(backup))
        output(f"kept your previous attempt in {backup}")
    attempts.mkdir(parents=True, exist_ok=True)
    regions = write_starter(day.folder, target)
    output(f"wrote the day {day.number} starter to {target} ({len(regions)} parts to write)")
    for region in regions:
        output(f"  {region.path.relative_to(day.folder)}:{region.start}  {region.what}")
    output(f"check it with: uv run python -m course check {day.number:02d}")
    return 0


def check(day: Day, attempts: Path) -> int:
    """Run the day's rubric on the attempt (or the reference) and print the checklist."""
    target = attempts / day.package
    graded = attempts if target.is_dir() else None
    if graded is None:
        output(f"no attempt at {target}: checking the reference solution instead")
        output(f"(start your own with: uv run python -m course start {day.number:02d})")
    run = run_rubric([day.key], attempts=graded)
    verdicts = run.for_day(day.key)
    if not verdicts:
        raise CourseError(f"the rubric of day {day.number} did not run", hint=_tail(run.output))
    output(checklist(verdicts))
    passed = sum(v.passed for v in verdicts)
    if graded is not None:
        progress.record(attempts, day.key, passed=passed, total=len(verdicts))
    return 0 if passed == len(verdicts) else 1


def watch(day: Day, attempts: Path, *, interval: float = 1.0, rounds: int | None = None) -> int:
    """Re-run `check` whenever a file of the attempt changes (Ctrl+C stops)."""
    target = attempts / day.package
    seen: dict[Path, float] | None = None
    code = 1
    done = 0
    while rounds is None or done < rounds:
        current = _mtimes(target)
        if current != seen:
            seen = current
            code = check(day, attempts)
            output(f"watching {target} for changes (Ctrl+C to stop)")
            done += 1
        time.sleep(interval)
    return code


def hint(day: Day) -> int:
    """Print the README's hints (a "Hints" section, if any) and the parts a learner writes."""
    text = day.readme.read_text(encoding="utf-8")
    section = _section(text, "Hints") or _section(text, "Reading order")
    if section:
        output(section)
    output(f"What you write for day {day.number} (the starter leaves these to you):")
    for region in package_regions(day.folder):
        output(f"  {region.path.relative_to(day.folder)}:{region.start}  {region.what}")
    return 0


def checklist(verdicts: list[Verdict]) -> str:
    """✓/✗ per criterion, the first failure's message, and X/Y."""
    lines = []
    first_failure: Verdict | None = None
    for verdict in verdicts:
        mark = "✓" if verdict.passed else ("-" if verdict.skipped else "✗")
        lines.append(f"{mark} {verdict.criterion}")
        if not verdict.passed and not verdict.skipped and first_failure is None:
            first_failure = verdict
    passed = sum(v.passed for v in verdicts)
    lines.append("")
    if first_failure is not None:
        lines.append(f"first failure: {first_failure.criterion}")
        lines.append(f"  {first_failure.message or '(no message)'}")
    lines.append(f"{passed}/{len(verdicts)} criteria pass")
    return "\n".join(lines)


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", text, re.M | re.S)
    return f"## {heading}\n{match.group(1).strip()}\n" if match else ""


def _mtimes(folder: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in folder.rglob("*.py")} if folder.is_dir() else {}


def _tail(text: str, lines: int = 5) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])
