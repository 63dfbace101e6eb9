"""Grading a class: `course grade` on N learners' attempts folders, with 1 and 2 jobs.

Each learner is a copy of the reference for the chosen days (what a class that solved every
part hands in), so every criterion passes and the time is the rubric's own. Rows: jobs, wall
seconds, learners per minute, and the speed-up over one job, from one run.

Usage: python benchmarks/course_grade.py [--learners 30] [--days 1-4] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.catalog import parse_day_range  # noqa: E402


def make_class(root: Path, learners: int, packages: list[str]) -> list[Path]:
    """`learners` attempts folders, each holding a copy of the reference packages."""
    folders = []
    skip = shutil.ignore_patterns("tests", "__pycache__")
    for index in range(1, learners + 1):
        attempts = root / f"learner{index:02d}" / "attempts"
        for package in packages:
            shutil.copytree(ROOT / package, attempts / package, ignore=skip)
        folders.append(attempts)
    return folders


def grade(folders: list[Path], days: str, jobs: int, summary: Path) -> float:
    """Wall seconds of one `course grade` run over the whole class."""
    args = [sys.executable, "-m", "course", "grade", *map(str, folders), "--days", days]
    args += ["--jobs", str(jobs), "--json", str(summary)]
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--days", default="1-4")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts")
    args = parser.parse_args()
    packages = [day.package for day in parse_day_range(args.days)]
    print(f"course grade: {args.learners} learners × days {args.days} ({', '.join(packages)})")
    print(f"{'jobs':>4}  {'wall s':>8}  {'learners/min':>12}  {'speed-up':>8}  all criteria pass")
    base = 0.0
    with tempfile.TemporaryDirectory(prefix="course-class-") as scratch:
        folders = make_class(Path(scratch), args.learners, packages)
        for jobs in [int(j) for j in args.jobs.split(",")]:
            summary = Path(scratch) / f"summary-{jobs}.json"
            seconds = grade(folders, args.days, jobs, summary)
            scores = json.loads(summary.read_text(encoding="utf-8"))
            perfect = sum(all(d["score"] == 1.0 for d in s.values()) for s in scores.values())
            base = base or seconds
            rate = args.learners / seconds * 60
            passed = f"{perfect}/{args.learners}"
            # Each row as soon as it is measured: a long run stopped midway keeps what it has.
            print(
                f"{jobs:>4}  {seconds:8.1f}  {rate:12.1f}  {base / seconds:7.2f}×  {passed}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
