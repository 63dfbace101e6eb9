"""`python -m day08_reports`: serve the API with reports, seed sample data, print a report.

    python -m day08_reports [--host 127.0.0.1] [--port 8008]        serve (creates the schema)
    python -m day08_reports migrate                                   create the schema only
    python -m day08_reports seed --tasks N [--items M] [--seed S] [--until DATE]
    python -m day08_reports report NAME [--format json|csv] [--from D] [--to D] [--project ID]
                                        [--today D] [--category C] [--limit N]

`--database-url` (or DATABASE_URL) picks the database; the default is sqlite:///var/day08.db.
Every command first brings the schema up to date (`create_schema`, idempotent).
Exit codes: 0 success, 1 runtime failure (database unreachable), 2 usage error (bad
arguments, a filter the report does not take, from after to).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day08_reports.app import create_app
from day08_reports.catalog import REPORTS, ReportSpec
from day08_reports.config import Settings
from day08_reports.errors import Day08Error
from day08_reports.rendering import to_csv, to_json
from day08_reports.schema import create_schema
from day08_reports.seed import seed_database
from shared.cli import CourseError, UsageError, output, run_cli
from shared.logs import LogFormat, configure_logging
from shared.services import redact
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8008
FILTER_OPTIONS = {
    "date_from": "--from",
    "date_to": "--to",
    "project_id": "--project",
    "today": "--today",
    "category": "--category",
    "limit": "--limit",
}


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    database_url: str
    verbose: bool
    log_format: LogFormat
    server: ServerOptions | None = None  # only for serve
    tasks: int = 0
    items: int = 0
    seed: int = 0
    until: dt.date | None = None
    report: ReportSpec | None = None
    format: str = "json"
    filters: dict[str, Any] = field(default_factory=dict)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-03-31: {text!r}") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a whole number >= 0: {text!r}")
    return value


def _positive(text: str) -> int:
    value = _count(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # A subcommand's copy defaults to SUPPRESS, so it never overwrites the top-level value.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--database-url", default=default, help="default: DATABASE_URL")
    if top:  # the top level gets --verbose with --host and --port (shared.serving)
        add_server_arguments(parser, default_port=DEFAULT_PORT)
    else:
        parser.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="tracebacks"
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day08_reports",
        description="Day 7's task API plus reports computed in the database.",
    )
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _common(commands.add_parser("migrate", help="create or update the schema"), top=False)
    seed = commands.add_parser("seed", help="fill the database with sample data, in bulk")
    _common(seed, top=False)
    seed.add_argument("--tasks", type=_count, required=True, help="tasks to add")
    seed.add_argument("--items", type=_count, default=0, help="inventory items to add")
    seed.add_argument("--seed", type=int, default=0, help="random seed (same seed, same data)")
    seed.add_argument("--until", type=_date, help="newest day of the data (default: today)")
    report = commands.add_parser("report", help="print a report")
    _common(report, top=False)
    report.add_argument("name", choices=sorted(REPORTS), help="which report")
    report.add_argument("--format", choices=("json", "csv"), default="json")
    report.add_argument("--from", dest="date_from", type=_date, help="first day, inclusive")
    report.add_argument("--to", dest="date_to", type=_date, help="last day, inclusive")
    report.add_argument("--project", dest="project_id", type=_positive, help="project id")
    report.add_argument("--today", type=_date, help="overdue: the day to compare with")
    report.add_argument("--category", help="inventory: one category")
    report.add_argument("--limit", type=_positive, help="most rows to list")
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    server = server_options(parser, args)
    common = {
        "command": args.command or "serve",
        "database_url": args.database_url or Settings().database_url,
        "verbose": args.verbose,
        "log_format": server.log_format,
    }
    if args.command == "seed":
        return CliArgs(
            **common, tasks=args.tasks, items=args.items, seed=args.seed, until=args.until
        )
    if args.command == "report":
        spec = REPORTS[args.name]
        given = {name: getattr(args, name) for name in FILTER_OPTIONS}
        given = {name: value for name, value in given.items() if value is not None}
        refused = [FILTER_OPTIONS[name] for name in given if name not in spec.filters]
        if refused:
            parser.error(f"report {spec.name} takes no {', '.join(refused)}")
        if "today" in spec.filters and "today" not in given:
            given["today"] = dt.datetime.now(dt.UTC).date()
        return CliArgs(**common, report=spec, format=args.format, filters=given)
    return CliArgs(**common, server=server)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.verbose, log_format=args.log_format)
    if args.verbose:
        # SQLAlchemy keeps its loggers at WARNING; INFO logs each statement it sends.
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    else:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    return run_cli(lambda: _run(args), verbose=args.verbose)


def _run(args: CliArgs) -> int:
    try:
        create_schema(args.database_url)
        if args.command == "serve":
            return _serve(args)
        engine = create_engine_from_url(args.database_url)
        try:
            with make_session_factory(engine).begin() as session:
                _command(args, session)
        finally:
            engine.dispose()
    except Day08Error as exc:
        raise UsageError(str(exc), hint="check the report's filters") from exc
    except SQLAlchemyError as exc:
        raise CourseError(
            f"database error on {redact(args.database_url)}: {type(exc).__name__}",
            hint="is the database running and DATABASE_URL right?",
        ) from exc
    return 0


def _command(args: CliArgs, session: Session) -> None:
    if args.command == "migrate":
        output(f"migrate: {redact(args.database_url)} has the report schema")
    elif args.command == "seed":
        summary = seed_database(
            session=session, tasks=args.tasks, items=args.items, seed=args.seed, until=args.until
        )
        output(
            f"seeded {summary.tasks} tasks, {summary.projects} new projects, "
            f"{summary.items} items and {summary.movements} movements"
        )
    else:
        assert args.report is not None
        report = args.report(session=session, **args.filters)
        output(to_csv(report) if args.format == "csv" else to_json(report))


def _serve(args: CliArgs) -> int:
    assert args.server is not None
    app = create_app(Settings(database_url=args.database_url))
    return serve_asgi(app, args.server, what="task API with reports")
