"""`python -m day17_rabbitmq_uploads`: the producer API, the consumer, the dead-letter queue.

    python -m day17_rabbitmq_uploads [serve] [--port 8017]
    python -m day17_rabbitmq_uploads consume [--prefetch N] [--concurrency N] [--drain]
    python -m day17_rabbitmq_uploads dlq list|replay|purge [--id ID ...]

Every command needs RabbitMQ (`--amqp-url`, else AMQP_URL, else the course's local broker)
and says how to start it when it is missing. `consume` runs until SIGTERM or Ctrl+C (it then
finishes the jobs in progress), or with `--drain` until the queue has stayed empty for a
moment. Exit codes: 0 success, 1 runtime failure (broker or database unreachable), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from shared.cli import CourseError, output, run_cli
from shared.logs import LOG_FORMATS, LogFormat, configure_logging, log_format_from_env
from shared.services import probe, redact
from shared.serving import ServerOptions, add_server_arguments, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8017
COMMANDS = ("serve", "consume", "dlq")
DLQ_ACTIONS = ("list", "replay", "purge")
DRAIN_IDLE = 1.0  # seconds without a job after which `consume --drain` stops


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    settings: Any  # day 17's Settings (imported lazily: --help stays fast)
    verbose: bool
    log_format: LogFormat
    server: ServerOptions | None = None
    drain: bool = False
    action: str = ""
    ids: tuple[str, ...] = ()
    limit: int = 100


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--amqp-url", metavar="URL", help="RabbitMQ (default: AMQP_URL)")
    common.add_argument("--name", help="base name of the exchanges and queues (default: day17)")
    common.add_argument("--database-url", metavar="URL", help="default: DATABASE_URL")
    common.add_argument("--upload-dir", type=Path, help="default: DAY13_UPLOAD_DIR")
    common.add_argument(
        "--retry-delays", type=_delays, metavar="S,S,...", help="retry waits (default: 1,5,30)"
    )
    common.add_argument(
        "--delivery-limit", type=int, metavar="N", help="deliveries before the DLQ (default: 5)"
    )
    logs = argparse.ArgumentParser(add_help=False)
    logs.add_argument("-v", "--verbose", action="store_true", help="debug logs, tracebacks")
    logs.add_argument("--log-format", choices=LOG_FORMATS, default=log_format_from_env())
    parser = argparse.ArgumentParser(
        prog="python -m day17_rabbitmq_uploads",
        description="User uploads processed through RabbitMQ: producer API, consumer, DLQ.",
        epilog="Without a command: serve.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{serve,consume,dlq}")
    serve = commands.add_parser("serve", parents=[common], help="the producer API (default)")
    add_server_arguments(serve, default_port=DEFAULT_PORT)
    consume = commands.add_parser("consume", parents=[common, logs], help="run a consumer")
    consume.add_argument("--prefetch", type=int, help="unacked jobs at a time (default: 50)")
    consume.add_argument("--concurrency", type=int, help="worker threads (default: 2)")
    consume.add_argument("--drain", action="store_true", help="stop once the queue is empty")
    dlq = commands.add_parser("dlq", parents=[common, logs], help="the dead-letter queue")
    dlq.add_argument("action", choices=DLQ_ACTIONS)
    dlq.add_argument("--id", action="append", default=[], help="replay only this job (repeat)")
    dlq.add_argument("--limit", type=int, default=100, help="list at most N jobs (default: 100)")
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or words[0] not in (*COMMANDS, "-h", "--help"):
        words.insert(0, "serve")
    parser = build_parser()
    args = parser.parse_args(words)
    if args.log_format not in LOG_FORMATS:
        parser.error(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {args.log_format!r}")
    settings = _settings(parser, args)
    log_format = cast(LogFormat, args.log_format)
    common = {"settings": settings, "verbose": args.verbose, "log_format": log_format}
    if args.command == "serve":
        return CliArgs("serve", server=server_options(parser, args), **common)
    if args.command == "consume":
        return CliArgs("consume", drain=args.drain, **common)
    if args.limit < 1:
        parser.error(f"--limit must be at least 1, not {args.limit}")
    if args.id and args.action != "replay":
        parser.error("--id goes with `dlq replay`")
    return CliArgs("dlq", action=args.action, ids=tuple(args.id), limit=args.limit, **common)


def _settings(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Any:
    from day17_rabbitmq_uploads.config import Settings

    overrides = {
        "amqp_url": args.amqp_url,
        "day17_name": args.name,
        "database_url": args.database_url,
        "day13_upload_dir": args.upload_dir,
        "day17_retry_delays": args.retry_delays,
        "day17_delivery_limit": args.delivery_limit,
        "day17_prefetch": getattr(args, "prefetch", None),
        "day17_concurrency": getattr(args, "concurrency", None),
    }
    try:
        return Settings(**{key: value for key, value in overrides.items() if value is not None})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = str(error["loc"][0]).removeprefix("day17_").replace("_", "-")
        parser.error(f"{where}: {error['msg']}")


def _delays(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not seconds separated by commas: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.verbose, log_format=args.log_format)
    if not args.verbose:  # pika logs each connection at INFO and each failure at ERROR: ours say it
        logging.getLogger("pika").setLevel(logging.CRITICAL)
    run = {"serve": _serve, "consume": _consume, "dlq": _dlq}[args.command]
    return run_cli(lambda: run(args), verbose=args.verbose)


def _serve(args: CliArgs) -> int:
    from day17_rabbitmq_uploads.app import create_app
    from shared.serving import serve_asgi

    assert args.server is not None
    _require_broker(args.settings.amqp_url)
    return serve_asgi(create_app(args.settings), args.server, what="upload API (RabbitMQ producer)")


def _consume(args: CliArgs) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from day17_rabbitmq_uploads.consumer import Consumer
    from day17_rabbitmq_uploads.work import UploadWork

    settings = args.settings
    _require_broker(settings.amqp_url)
    name = f"{socket.gethostname()}:{os.getpid()}"
    try:
        work = UploadWork(settings, worker=name)
    except (SQLAlchemyError, OSError) as exc:
        raise CourseError(
            f"cannot use the database {redact(settings.database_url)}: {type(exc).__name__}",
            hint="is it running, and are DATABASE_URL and DAY13_UPLOAD_DIR right?",
        ) from exc
    consumer = Consumer(settings, work, name=name, idle_exit=DRAIN_IDLE if args.drain else None)

    def ready() -> None:
        output(
            f"Consuming {consumer.topology.jobs_queue} on {redact(settings.amqp_url)} "
            f"(prefetch {settings.day17_prefetch}, concurrency {settings.day17_concurrency})"
        )
        sys.stdout.flush()

    consumer.on_ready = ready
    try:
        with _stop_on_signals(consumer.stop):
            return consumer.run()
    finally:
        work.close()


class _stop_on_signals:  # noqa: N801 - used as a context manager, like contextlib's
    """SIGTERM and SIGINT call `stop` (a graceful stop) while inside; main thread only."""

    def __init__(self, stop: Any) -> None:
        self.stop = stop
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self.previous[sig] = signal.signal(sig, lambda *_: self.stop())

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)


def _dlq(args: CliArgs) -> int:
    from pika.exceptions import AMQPError

    from day17_rabbitmq_uploads.publisher import connect, topology_of
    from day17_rabbitmq_uploads.topology import declare

    settings = args.settings
    topology = topology_of(settings)
    _require_broker(settings.amqp_url)
    connection = connect(settings)
    try:
        declare(connection.channel(), topology)
        return _dlq_action(args, connection, topology)
    except AMQPError as exc:
        raise CourseError(
            f"the broker refused `dlq {args.action}`: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        if connection.is_open:
            connection.close()


def _dlq_action(args: CliArgs, connection: Any, topology: Any) -> int:
    from day17_rabbitmq_uploads import deadletters

    if args.action == "list":
        parked = deadletters.list_parked(connection, topology, limit=args.limit)
        for job in parked:
            output(job.line())
        output(f"{len(parked)} parked job(s) in {topology.dead_queue}")
    elif args.action == "purge":
        output(
            f"purged {deadletters.purge(connection, topology)} job(s) from {topology.dead_queue}"
        )
    else:
        from day17_rabbitmq_uploads.work import UploadWork

        work = UploadWork(args.settings, worker="dlq replay")
        try:
            ids = deadletters.replay(connection, topology, ids=args.ids, unpark=work.unpark)
        finally:
            work.close()
        output(f"replayed {len(ids)} job(s) to {topology.exchange}: {' '.join(ids) or '-'}")
    return 0


def _require_broker(url: str) -> None:
    from day17_rabbitmq_uploads.errors import BrokerUnreachable

    if not probe(url):
        raise BrokerUnreachable(url)
