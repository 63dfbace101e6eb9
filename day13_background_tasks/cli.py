"""`python -m day13_background_tasks`: serve the uploads API, or run a Celery worker.

    python -m day13_background_tasks [--port 8013] [--broker URL] [--workers N]
    python -m day13_background_tasks worker [--broker URL] [celery worker options...]

The server uses Celery when it has a broker (`--broker` or REDIS_URL), else the in-process
runner; `--workers N` also starts N workers beside it (one terminal for trying it out). A
worker always needs a broker: `--broker`, REDIS_URL, or the course's local Redis. Options the
worker does not know go to `celery worker` (`--concurrency 4`, `--pool solo`, `-n one@%h`).
Exit codes: 0 success, 1 runtime failure (broker or database unreachable), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from day07_sqlalchemy_orm import create_engine_from_url
from day13_background_tasks.app import create_app
from day13_background_tasks.celery_app import make_celery
from day13_background_tasks.config import DEFAULT_BROKER_URL, Settings
from day13_background_tasks.models import create_tables
from shared.cli import CourseError, run_cli
from shared.logs import configure_logging
from shared.services import SERVICES, probe, redact
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8013
COMMANDS = ("serve", "worker")
MAX_WORKERS = 8
STOP_TIMEOUT = 15.0  # seconds a worker started by --workers gets to finish its upload


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    settings: Settings
    workers: int
    celery_args: tuple[str, ...]  # the worker's options for `celery worker`
    server: ServerOptions


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day13_background_tasks",
        description="Uploaded CSV files reported on in the background (Celery or in-process).",
        epilog="worker: any other option goes to `celery worker`, e.g. --concurrency 4 -n one@%h",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=COMMANDS,
        default="serve",
        help="serve the API (default), or run a Celery worker",
    )
    parser.add_argument("--broker", metavar="URL", help="Celery's Redis (default: REDIS_URL)")
    parser.add_argument("--database-url", metavar="URL", help="default: DATABASE_URL")
    parser.add_argument("--upload-dir", type=Path, help="default: DAY13_UPLOAD_DIR")
    parser.add_argument("--queue", help="Celery queue name (default: DAY13_QUEUE or day13)")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help=f"serve: also start N Celery workers beside the server (0-{MAX_WORKERS})",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "worker":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not 0 <= args.workers <= MAX_WORKERS:
        parser.error(f"--workers must be between 0 and {MAX_WORKERS}, not {args.workers}")
    if args.workers and args.command == "worker":
        parser.error("--workers goes with serve; run `worker` once per worker instead")
    overrides = {
        "database_url": args.database_url,
        "redis_url": args.broker,
        "day13_upload_dir": args.upload_dir,
        "day13_queue": args.queue,
    }
    settings = Settings(**{key: value for key, value in overrides.items() if value})
    if args.command == "worker" and not settings.redis_url:
        settings = settings.model_copy(update={"redis_url": DEFAULT_BROKER_URL})
    if args.workers and not settings.redis_url:
        parser.error("--workers needs a broker: give --broker URL or set REDIS_URL")
    return CliArgs(args.command, settings, args.workers, tuple(extra), server_options(parser, args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.server.verbose, log_format=args.server.log_format)
    run = _work if args.command == "worker" else _serve
    return run_cli(lambda: run(args), verbose=args.server.verbose)


def _serve(args: CliArgs) -> int:
    settings = args.settings
    if settings.redis_url:
        _require_broker(settings.redis_url)
    what = f"upload API ({settings.runner_name} runner)"
    with _workers_beside(args):
        return serve_asgi(create_app(settings), args.server, what=what)


def _work(args: CliArgs) -> int:
    settings = args.settings
    assert settings.redis_url is not None  # parse_args gives a worker the default broker
    _require_broker(settings.redis_url)
    try:
        engine = create_engine_from_url(settings.database_url)
        create_tables(engine)  # now, so a database problem is one error line, not a retry loop
        engine.dispose()
        settings.day13_upload_dir.mkdir(parents=True, exist_ok=True)
    except (SQLAlchemyError, OSError) as exc:
        raise CourseError(
            f"cannot use the database {redact(settings.database_url)}: {type(exc).__name__}",
            hint="is it running, and are DATABASE_URL and DAY13_UPLOAD_DIR right?",
        ) from exc
    level = "DEBUG" if args.server.verbose else "INFO"
    argv = ["worker", "--queues", settings.day13_queue, "--loglevel", level, *args.celery_args]
    try:
        make_celery(settings).worker_main(argv)
    except SystemExit as exc:  # Celery's command line always ends with sys.exit
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def _require_broker(url: str) -> None:
    if not probe(url):
        redis = SERVICES["redis"]
        raise CourseError(
            f"cannot reach the broker at {redact(url)}",
            hint=f"start Redis with: {redis.start_command}, or leave out --broker and REDIS_URL",
        )


@contextlib.contextmanager
def _workers_beside(args: CliArgs) -> Iterator[None]:
    """`--workers N`: N worker processes for the server's lifetime, stopped after it."""
    settings = args.settings
    command = [sys.executable, "-m", "day13_background_tasks", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle"]  # quicker start-ups; one machine
    command += ["--broker", settings.redis_url or "", "--database-url", settings.database_url]
    command += ["--upload-dir", str(settings.day13_upload_dir), "--queue", settings.day13_queue]
    # Ctrl+C in a terminal reaches the whole process group. A worker still starting up would
    # die of it with a traceback, so the workers start with SIGINT ignored (Celery installs
    # its own handler once running) and are stopped with SIGTERM below.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        processes = [
            subprocess.Popen([*command, "-n", f"worker{number}@%h"])
            for number in range(1, args.workers + 1)
        ]
    finally:
        signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        for process in processes:
            process.terminate()  # Celery's warm shutdown: the upload in hand is finished
        for process in processes:
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
