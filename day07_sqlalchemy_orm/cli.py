"""`python -m day07_sqlalchemy_orm`: serve the API (migrating first), migrate or downgrade.

    python -m day07_sqlalchemy_orm [--host 127.0.0.1] [--port 8007]
    python -m day07_sqlalchemy_orm migrate [--revision head]
    python -m day07_sqlalchemy_orm downgrade [--revision base]

`--database-url` (or DATABASE_URL) picks the database; the default is sqlite:///var/day07.db.
Exit codes: 0 success, 1 runtime failure (database unreachable, migration failed),
2 usage error.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from day07_sqlalchemy_orm.app import create_app
from day07_sqlalchemy_orm.config import Settings
from day07_sqlalchemy_orm.migrate import current_revision, downgrade, upgrade
from shared.cli import CourseError, UsageError, output, run_cli
from shared.logs import configure_logging
from shared.services import redact
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8007
COMMANDS = ("serve", "migrate", "downgrade")


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    database_url: str
    revision: str
    server: ServerOptions


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day07_sqlalchemy_orm",
        description="Day 4's task API on SQLAlchemy 2 with projects and tags.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=COMMANDS,
        default="serve",
        help="serve (default; migrates first), migrate (upgrade) or downgrade",
    )
    parser.add_argument("--revision", help="migration target (migrate: head, downgrade: base)")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: DATABASE_URL)")
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve" and args.revision is not None:
        parser.error("--revision goes with migrate or downgrade, not serve")
    server = server_options(parser, args)
    default_revision = "base" if args.command == "downgrade" else "head"
    return CliArgs(
        command=args.command,
        database_url=args.database_url or Settings().database_url,
        revision=args.revision or default_revision,
        server=server,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.server.verbose, log_format=args.server.log_format)
    # Alembic narrates every step at INFO; the CLI prints the outcome in one line instead.
    logging.getLogger("alembic").setLevel(logging.INFO if args.server.verbose else logging.WARNING)
    return run_cli(lambda: _run(args), verbose=args.server.verbose)


def _run(args: CliArgs) -> int:
    try:
        if args.command == "downgrade":
            downgrade(args.database_url, args.revision)
        else:
            upgrade(args.database_url, args.revision)
        revision = current_revision(args.database_url)
    except CommandError as exc:
        raise UsageError(str(exc), hint="see the revisions in migrations/versions/") from exc
    except SQLAlchemyError as exc:
        raise CourseError(
            f"cannot migrate {redact(args.database_url)}: {type(exc).__name__}",
            hint="is the database running and DATABASE_URL right?",
        ) from exc
    if args.command != "serve":
        output(f"{args.command}: {redact(args.database_url)} is at revision {revision or 'base'}")
        return 0
    return _serve(args)


def _serve(args: CliArgs) -> int:
    app = create_app(Settings(database_url=args.database_url))
    return serve_asgi(app, args.server, what="task API")
