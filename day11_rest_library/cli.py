"""`python -m day11_rest_library`: serve the library API (migrating first), or only migrate.

    python -m day11_rest_library [--host 127.0.0.1] [--port 8011] [--require-if-match]
    python -m day11_rest_library migrate

`--database-url` (or DATABASE_URL) picks the database; the default is sqlite:///var/day11.db.
Exit codes: 0 success (Ctrl+C or SIGTERM stop the server), 1 runtime failure (database
unreachable, port taken), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from alembic.util import CommandError
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from day11_rest_library.app import create_app
from day11_rest_library.config import Settings
from day11_rest_library.migrate import upgrade
from shared.cli import CourseError, UsageError, output, run_cli
from shared.logs import configure_logging
from shared.services import redact
from shared.serving import ServerOptions, add_server_arguments, serve_wsgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8011
COMMANDS = ("serve", "migrate")


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    settings: Settings
    server: ServerOptions


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day11_rest_library",
        description="A REST library API: /books, /authors, /loans, with docs at /docs.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=COMMANDS,
        default="serve",
        help="serve (default; migrates first) or migrate (create or update the tables, then stop)",
    )
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL (default: DATABASE_URL, else SQLite)"
    )
    parser.add_argument(
        "--require-if-match",
        action="store_true",
        help="refuse PUT, PATCH and DELETE without If-Match (428); default: DAY11_REQUIRE_IF_MATCH",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    server = server_options(parser, args)
    settings = Settings()
    overrides: dict[str, object] = {}
    if args.database_url:
        overrides["database_url"] = args.database_url
    if args.require_if_match:
        overrides["day11_require_if_match"] = True
    return CliArgs(args.command, settings.model_copy(update=overrides), server)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.server.verbose, log_format=args.server.log_format)
    return run_cli(lambda: run(args), verbose=args.server.verbose)


def run(args: CliArgs) -> int:
    """Migrate, then serve (unless the command is `migrate`)."""
    url = args.settings.database_url
    migrate(url)
    if args.command == "migrate":
        output(f"{redact(url)} is at the newest revision")
        return 0
    return serve_wsgi(create_app(args.settings), args.server, what="library API")


def migrate(url: str) -> None:
    """Bring the database up to date; a bad URL or an unreachable database is one error line."""
    try:
        upgrade(url)
    except ArgumentError as exc:
        raise UsageError(f"--database-url {redact(url)!r} is not a database URL: {exc}") from exc
    except (SQLAlchemyError, CommandError) as exc:
        raise CourseError(
            f"cannot migrate {redact(url)}: {_first_line(exc)}",
            hint="is the database running? PostgreSQL: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
        ) from exc
    logger.info("database %s migrated", redact(url))


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
