"""`python -m day10_redis_cache`: serve the cached task and report API.

    python -m day10_redis_cache [--host 127.0.0.1] [--port 8010]
                                [--database-url URL] [--redis-url URL] [--verbose]

The database schema (day 7's migrations, day 8's tables and indexes) is brought up to date
first. When Redis is not reachable the server still starts: one warning line says so, and
every answer comes from the database (X-Cache: BYPASS) until Redis is back.
Exit codes: 0 success, 1 runtime failure (database unreachable), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from day08_reports import create_schema
from day10_redis_cache.app import create_app
from day10_redis_cache.config import Settings
from shared.cli import CourseError, run_cli
from shared.logs import configure_logging
from shared.services import redact
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8010


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    server: ServerOptions
    settings: Settings


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day10_redis_cache",
        description="Day 7's task API and day 8's reports, cached in Redis.",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: DATABASE_URL)")
    parser.add_argument("--redis-url", help="Redis URL (default: REDIS_URL)")
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    server = server_options(parser, args)
    overrides = {"database_url": args.database_url, "redis_url": args.redis_url}
    settings = Settings(**{k: v for k, v in overrides.items() if v})
    return CliArgs(server=server, settings=settings)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until interrupted; returns the exit code."""
    args = parse_args(argv)
    verbose = args.server.verbose
    configure_logging(verbose=verbose, log_format=args.server.log_format)
    if not verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    return run_cli(lambda: _serve(args), verbose=verbose)


def _serve(args: CliArgs) -> int:
    url = args.settings.database_url
    try:
        create_schema(url)
    except SQLAlchemyError as exc:
        raise CourseError(
            f"cannot prepare the database {redact(url)}: {type(exc).__name__}",
            hint="is the database running and DATABASE_URL right?",
        ) from exc
    return serve_asgi(create_app(args.settings), args.server, what="cached task API")
