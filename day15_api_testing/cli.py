"""`python -m day15_api_testing`: run the CRUD checks and print the criteria checklist.

    python -m day15_api_testing                       # in process: day 7 on a temporary SQLite file
    python -m day15_api_testing --base-url URL        # black-box, over HTTP, against a live server
    python -m day15_api_testing --list                # the criteria, without running them
    python -m day15_api_testing -k tag                # only the checks whose id contains "tag"

The live server can be day 7's, day 10's cached one, or your own: anything serving the
day-7 API. What the checks create there, they delete again.
Exit codes: 0 every criterion passes, 1 one failed (or the server cannot be reached),
2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import day15_api_testing.checks  # noqa: F401  (registers the checks)
from day15_api_testing.api import Api
from day15_api_testing.registry import CheckCase, check_cases
from day15_api_testing.runner import Outcome, format_checklist, run_checks
from day15_api_testing.targets import http_api, in_process_api, reference_app
from shared.cli import CourseError, output, run_cli
from shared.logs import configure_logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    base_url: str | None
    cases: list[CheckCase]
    list_only: bool
    timeout: float
    verbose: bool


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day15_api_testing",
        description="Run the CRUD checks of the day-7 task API and print the criteria checklist.",
    )
    parser.add_argument(
        "--base-url",
        help="a live server to check over HTTP, e.g. http://127.0.0.1:8007 "
        "(default: day 7's app in this process, on a temporary SQLite file)",
    )
    parser.add_argument("-k", dest="select", help="only the checks whose id contains this text")
    parser.add_argument("--list", action="store_true", help="list the criteria and stop")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per request (default: %(default)s)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs, tracebacks")
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.base_url is not None:
        parts = urlsplit(args.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            parser.error(
                "--base-url must be an http(s) URL like http://127.0.0.1:8007, "
                f"not {args.base_url!r}"
            )
    if not args.timeout > 0:
        parser.error(f"--timeout must be a positive number of seconds, not {args.timeout}")
    cases = [case for case in check_cases() if not args.select or args.select in case.id]
    if not cases:
        parser.error(f"no check id contains {args.select!r} (see --list)")
    return CliArgs(args.base_url, cases, args.list, args.timeout, args.verbose)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checks; returns the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.verbose)
    return run_cli(lambda: _run(args), verbose=args.verbose)


def _run(args: CliArgs) -> int:
    if args.list_only:
        output("\n".join(f"{case.id}: {case.criterion}" for case in args.cases))
        return 0
    if args.base_url is None:
        with tempfile.TemporaryDirectory(prefix="day15_") as folder:
            output("Checking day 7's task API in process, on a temporary SQLite file")
            with in_process_api(reference_app(Path(folder))) as api:
                return _check(api, args.cases)
    output(f"Checking the task API at {args.base_url}")
    with http_api(args.base_url.rstrip("/"), timeout=args.timeout) as api:
        _probe(api, args.base_url)
        return _check(api, args.cases)


def _probe(api: Api, base_url: str) -> None:
    """Fail once, clearly, when nothing serves the task API there (instead of N errors)."""
    import httpx

    try:
        reply = api.get("/tasks", limit=1)
    except httpx.HTTPError as exc:
        raise CourseError(
            f"cannot reach {base_url}: {type(exc).__name__}",
            hint="is the server running? e.g. uv run python -m day07_sqlalchemy_orm &",
        ) from exc
    if reply.status != 200:
        raise CourseError(
            f"{base_url}/tasks answered {reply.status}, not 200",
            hint="is this a server of the day-7 task API?",
        )


def _check(api: Api, cases: list[CheckCase]) -> int:
    results = run_checks(cases, api)
    output(format_checklist(results))
    return 0 if all(r.outcome is Outcome.PASSED for r in results) else 1
