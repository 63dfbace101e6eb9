"""`python -m course`: list, start, check, hint, grade, doctor, verify.

Exit codes: 0 success (for `check`/`verify`: everything passes), 1 a criterion or check fails
or something could not run, 2 usage error (an unknown day, a missing folder).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from course import grading, learner, verify
from course.catalog import Day, days, find_day, parse_day_range
from course.doctor import doctor
from shared.cli import UsageError, output, run_cli
from shared.logs import configure_logging

DEFAULT_ATTEMPTS = Path("attempts")


def build_parser() -> argparse.ArgumentParser:
    """The parser of `python -m course` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m course",
        description="Do the course yourself, or grade learners' work, with the days' rubrics.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_attempts(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--attempts", type=Path, default=DEFAULT_ATTEMPTS, help="your attempts folder"
        )
        return sub

    with_attempts(commands.add_parser("list", help="the days and your progress"))
    start = with_attempts(commands.add_parser("start", help="write a day's starter to attempts/"))
    start.add_argument("day", help="day number, e.g. 04")
    start.add_argument("--force", action="store_true", help="start again; keeps a backup")
    check = with_attempts(commands.add_parser("check", help="run a day's rubric on your attempt"))
    check.add_argument("day", help="day number, e.g. 04")
    check.add_argument("--watch", action="store_true", help="re-run when a file changes")
    hint = commands.add_parser("hint", help="the hints of a day")
    hint.add_argument("day", help="day number, e.g. 04")
    grade = commands.add_parser("grade", help="grade learners' attempts folders")
    grade.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="attempts folders")
    grade.add_argument("--days", help="which days, e.g. 3-7,10 (default: all)")
    grade.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML here")
    grade.add_argument("--json", type=Path, metavar="FILE", help="write a JSON summary here")
    grade.add_argument("--csv", type=Path, metavar="FILE", help="learner × day table as CSV")
    grade.add_argument("--markdown", type=Path, metavar="FILE", help="the same as markdown")
    grade.add_argument("--jobs", type=int, default=1, metavar="N", help="learners at once")
    commands.add_parser("doctor", help="is this machine ready? what to fix first")
    check_all = commands.add_parser("verify", help="prove every day's starter is an exercise")
    check_all.add_argument("--days", help="which days, e.g. 1-10 (default: all)")
    check_all.add_argument(
        "--reference-junit",
        type=Path,
        metavar="FILE",
        help="the reference's verdicts from a full test run (else the rubric runs now)",
    )
    check_all.add_argument(
        "--per-region", action="store_true", help="also stub each region alone (slow)"
    )
    check_all.add_argument("--jobs", type=int, default=2, metavar="N", help="days at once")
    return parser


def _day(text: str) -> Day:
    try:
        return find_day(text)
    except LookupError:
        numbers = ", ".join(str(day.number) for day in days())
        raise UsageError(f"there is no day {text!r}", hint=f"days present: {numbers}") from None


def _days(text: str | None) -> list[Day]:
    if text is None:
        return days()
    try:
        chosen = parse_day_range(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not chosen:
        raise UsageError(f"no day present in {text!r}")
    return chosen


def _grade(args: argparse.Namespace) -> int:
    missing = [str(folder) for folder in args.folders if not folder.is_dir()]
    if missing:
        raise UsageError(f"no such attempts folder: {', '.join(missing)}")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    wanted = _days(args.days)
    results = grading.grade_class(args.folders, wanted, jobs=args.jobs)
    for result in results:
        output(f"{result.learner} ({result.folder})")
        output(grading.day_table(result, wanted) + "\n")
    rows = grading.class_rows(results, wanted)
    if len(results) > 1:
        output(grading.class_markdown(rows))
    writes: dict[Path | None, Callable[[], str]] = {
        args.junit: lambda: grading.junit_xml(results),
        args.json: lambda: grading.json_summary(results),
        args.csv: lambda: grading.class_csv(rows),
        args.markdown: lambda: grading.class_markdown(rows),
    }
    for path, render in writes.items():
        if path is not None:
            path.write_text(render(), encoding="utf-8")
            output(f"wrote {path}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    wanted = _days(args.days)
    junit = args.reference_junit
    if junit is not None and not junit.is_file():
        raise UsageError(f"no such JUnit file: {junit}")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    reference = verify.reference_verdicts(wanted, junit)
    checks = verify.verify_days(wanted, reference, per_region=args.per_region, jobs=args.jobs)
    output(verify.report(checks, per_region=args.per_region))
    return 0 if all(check.ok for check in checks) else 1


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen subcommand."""
    if args.command == "list":
        return learner.list_days(args.attempts)
    if args.command == "start":
        return learner.start(_day(args.day), args.attempts, force=args.force)
    if args.command == "check":
        day = _day(args.day)
        if args.watch:
            return learner.watch(day, args.attempts)
        return learner.check(day, args.attempts)
    if args.command == "hint":
        return learner.hint(_day(args.day))
    if args.command == "grade":
        return _grade(args)
    if args.command == "doctor":
        return doctor()
    return _verify(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, then run the subcommand with the course's error path."""
    args = build_parser().parse_args(argv)
    configure_logging(verbose=args.verbose)
    return run_cli(lambda: dispatch(args), verbose=args.verbose)
