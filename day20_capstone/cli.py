"""`python -m day20_capstone`: serve the API, migrate, create an admin, or run a worker.

    python -m day20_capstone [--port 8020]          serve (migrations applied first)
    python -m day20_capstone migrate                apply the migrations and exit
    python -m day20_capstone create-admin EMAIL     create an admin (password from
                                                    DAY20_ADMIN_PASSWORD or a prompt)
    python -m day20_capstone worker [celery options...]   a Celery worker (needs Redis);
                                                    `--beat` runs the sweep's schedule in it
    python -m day20_capstone beat [celery options...]     Celery beat alone: the periodic
                                                    overdue sweep (run exactly one)

Exit codes: 0 success, 1 runtime failure (database or broker unreachable), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.cli import CourseError, output, run_cli
from shared.services import SERVICES, probe, redact
from shared.serving import ServerOptions, add_server_arguments, server_options

if TYPE_CHECKING:
    from day20_capstone.config import Settings

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8020
COMMANDS = ("serve", "migrate", "create-admin", "worker", "beat")
CELERY_COMMANDS = ("worker", "beat")  # unknown options go on to Celery
PASSWORD_ENV = "DAY20_ADMIN_PASSWORD"


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    email: str | None
    database_url: str | None
    broker: str | None
    extra: tuple[str, ...]
    server: ServerOptions


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day20_capstone",
        description="The Task Manager API: users, tasks, background jobs, a Redis cache.",
        epilog="worker, beat: other options go to Celery, e.g. worker --concurrency 2 -n one@%h;"
        " worker --beat also runs the overdue sweep's schedule (one beat per system)",
    )
    parser.add_argument(
        "command", nargs="?", choices=COMMANDS, default="serve", help="default: serve"
    )
    parser.add_argument("email", nargs="?", help="create-admin: the admin's email")
    parser.add_argument(
        "--database-url", metavar="URL", help="default: DATABASE_URL or SQLite under var/"
    )
    parser.add_argument(
        "--broker", metavar="URL", help="Redis for cache, limits and Celery (default: REDIS_URL)"
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate (usage errors exit 2 before any work)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in CELERY_COMMANDS:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "create-admin" and not args.email:
        parser.error("create-admin needs the admin's EMAIL")
    if args.email and args.command != "create-admin":
        parser.error(f"unexpected argument {args.email!r}")
    return CliArgs(
        args.command,
        args.email,
        args.database_url,
        args.broker,
        tuple(extra),
        server_options(parser, args),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = parse_args(argv)
    from day16_logging import configure_logging

    configure_logging("DEBUG" if args.server.verbose else None, args.server.log_format)
    commands = {
        "serve": _serve,
        "migrate": _migrate,
        "create-admin": _create_admin,
        "worker": _work,
        "beat": _beat,
    }
    return run_cli(lambda: commands[args.command](args), verbose=args.server.verbose)


def _settings(args: CliArgs) -> Settings:
    from pydantic import ValidationError

    from day20_capstone.config import Settings

    overrides = {"database_url": args.database_url, "redis_url": args.broker}
    try:
        return Settings.model_validate({key: value for key, value in overrides.items() if value})
    except ValidationError as exc:
        raise CourseError(
            f"invalid settings: {exc.errors()[0]['msg']}", hint="check the DAY20_* variables"
        ) from exc


def _migrate_db(url: str) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from day20_capstone.migrate import upgrade

    try:
        upgrade(url)
    except SQLAlchemyError as exc:
        raise CourseError(
            f"cannot migrate the database {redact(url)}: {type(exc).__name__}",
            hint="is it running, and is DATABASE_URL right?",
        ) from exc


def _require_redis(url: str | None) -> None:
    if url and not probe(url):
        raise CourseError(
            f"cannot reach Redis at {redact(url)}",
            hint=f"start it with: {SERVICES['redis'].start_command}, or unset REDIS_URL",
        )


def _serve(args: CliArgs) -> int:
    from day20_capstone.app import create_app, describe
    from day20_capstone.seed_account import DEMO_EMAIL, DEMO_PASSWORD
    from shared.serving import serve_asgi

    settings = _settings(args)
    _require_redis(settings.redis_url)
    _migrate_db(settings.database_url)
    for line in describe(settings):
        output(line)
    if settings.day20_seed_demo and settings.day20_environment == "development":
        output(f"demo account: {DEMO_EMAIL} / {DEMO_PASSWORD} (Authorize in /docs)")
    else:
        output(
            "no demo account: create an admin with `python -m day20_capstone create-admin EMAIL`"
        )
    return serve_asgi(create_app(settings), args.server, what="Task Manager API")


def _migrate(args: CliArgs) -> int:

    settings = _settings(args)
    _migrate_db(settings.database_url)
    output(f"migrated {redact(settings.database_url)} to the newest revision")
    return 0


def _create_admin(args: CliArgs) -> int:
    from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
    from day20_capstone.errors import Day20Error
    from day20_capstone.passwords import Hasher
    from day20_capstone.seed import create_admin

    settings = _settings(args)
    assert args.email is not None  # parse_args requires it
    _migrate_db(settings.database_url)
    password = os.environ.get(PASSWORD_ENV) or getpass.getpass(f"password for {args.email}: ")
    engine = create_engine_from_url(settings.database_url)
    try:
        user = create_admin(
            make_session_factory(engine),
            Hasher(settings),
            email=args.email,
            password=password,
            min_length=settings.day20_password_min_length,
        )
    except Day20Error as exc:
        raise CourseError(str(exc), hint="choose another email or a stronger password") from exc
    finally:
        engine.dispose()
    output(f"admin {user.email} created (id {user.id})")
    return 0


def _celery_settings(args: CliArgs) -> Settings:
    from day20_capstone.config import DEFAULT_BROKER_URL

    settings = _settings(args)
    if not settings.redis_url:
        settings = settings.model_copy(update={"redis_url": DEFAULT_BROKER_URL})
    _require_redis(settings.redis_url)
    settings.day20_files.mkdir(parents=True, exist_ok=True)  # beat keeps its schedule there
    return settings


def _run_celery(settings: Settings, argv: list[str]) -> int:
    from day20_capstone.worker import make_celery

    try:
        make_celery(settings).start(argv)
    except SystemExit as exc:  # Celery's command line always ends with sys.exit
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def _work(args: CliArgs) -> int:
    settings = _celery_settings(args)
    if settings.day20_migrate_on_start:  # production: `migrate` once, not N workers racing
        _migrate_db(settings.database_url)
    level = "DEBUG" if args.server.verbose else "INFO"
    return _run_celery(
        settings, ["worker", "--queues", settings.day20_queue, "--loglevel", level, *args.extra]
    )


def _beat(args: CliArgs) -> int:
    settings = _celery_settings(args)
    level = "DEBUG" if args.server.verbose else "INFO"
    return _run_celery(settings, ["beat", "--loglevel", level, *args.extra])
