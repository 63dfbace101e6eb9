"""`python -m day16_logging`: serve the instrumented task API, or summarise an access log.

    python -m day16_logging [--port 8016] [--database-url URL] [--redis-url URL]
    python -m day16_logging summary LOGFILE

The server is day 10's cached task API (day 7's tasks, day 8's reports) wrapped by
`instrument_asgi`: JSON access lines, request ids, /metrics, /healthz and /readyz (database and
Redis). Exit codes: 0 success, 1 runtime failure (database unreachable, log file unreadable),
2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.cli import CourseError, output, run_cli
from shared.serving import ServerOptions, add_server_arguments, server_options

if TYPE_CHECKING:
    from day10_redis_cache import Settings

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8016
DEFAULT_DATABASE_URL = "sqlite:///var/day16.db"  # not day 10's file: the days share var/
COMMANDS = ("serve", "summary")


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    server: ServerOptions
    logfile: Path | None
    database_url: str | None
    redis_url: str | None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day16_logging",
        description="The task API with request logging and metrics, or a summary of its log.",
    )
    parser.add_argument(
        "command", nargs="?", choices=COMMANDS, default="serve", help="default: serve"
    )
    parser.add_argument("logfile", nargs="?", type=Path, help="summary: a JSON access log")
    parser.add_argument("--database-url", metavar="URL", help="default: DATABASE_URL")
    parser.add_argument("--redis-url", metavar="URL", help="default: REDIS_URL")
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and check the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "summary" and args.logfile is None:
        parser.error("summary needs the LOGFILE to read")
    if args.command == "serve" and args.logfile is not None:
        parser.error(f"unrecognized argument: {args.logfile}")
    return CliArgs(
        command=args.command,
        server=server_options(parser, args),
        logfile=args.logfile,
        database_url=args.database_url,
        redis_url=args.redis_url,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = parse_args(argv)
    if args.command == "summary":
        assert args.logfile is not None
        logfile = args.logfile
        return run_cli(lambda: _summary(logfile), verbose=args.server.verbose)
    from day16_logging.logconfig import configure_logging

    configure_logging("DEBUG" if args.server.verbose else None, args.server.log_format)
    return run_cli(lambda: _serve(args), verbose=args.server.verbose)


def _summary(path: Path) -> int:
    from day16_logging.summary import render, summarize_file

    try:
        summaries, skipped = summarize_file(path)
    except OSError as exc:
        raise CourseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not summaries:
        raise CourseError(
            f"{path} has no access lines",
            hint="serve with --log-format json and send its stderr to the file",
        )
    output(render(summaries))
    if skipped:
        output(f"({skipped} other lines skipped)")
    return 0


def _serve(args: CliArgs) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from day08_reports import create_schema
    from day10_redis_cache import Settings, create_app
    from day16_logging.asgi import instrument_asgi
    from shared.services import redact
    from shared.serving import serve_asgi

    database_url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    overrides: dict[str, Any] = {"database_url": database_url, "redis_url": args.redis_url}
    settings = Settings(**{key: value for key, value in overrides.items() if value})
    try:
        create_schema(settings.database_url)
    except SQLAlchemyError as exc:
        raise CourseError(
            f"cannot prepare the database {redact(settings.database_url)}: {type(exc).__name__}",
            hint="is the database running and DATABASE_URL right?",
        ) from exc
    app = create_app(settings)
    instrument_asgi(app, ready_checks=_ready_checks(app.state.engine, settings), service="tasks")
    return serve_asgi(app, args.server, what="instrumented task API")


def _ready_checks(engine: object, settings: Settings) -> dict[str, Callable[[], object]]:
    from day16_logging.health import database_check, redis_check

    return {"database": database_check(engine), "redis": redis_check(settings.redis_url)}
