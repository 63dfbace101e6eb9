"""Command line: `python -m day19_chat_server [--port 8019] [--irc] [--motd FILE] ...`.

`python -m day19_chat_server connect [--host H] [--port P]` is a tiny netcat for trying it.
Serving stops cleanly on Ctrl+C or SIGTERM: every client is told, then the exit code is 0.
Exit codes: 0 stopped cleanly, 1 cannot listen (e.g. the port is taken) or connect, 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import resource
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from day19_chat_server.client import connect
from day19_chat_server.config import DEFAULT_PORT, ChatConfig
from day19_chat_server.server import ChatServer
from shared.cli import CourseError, output, run_cli
from shared.logs import LogFormat, configure_logging
from shared.serving import DEFAULT_HOST, add_server_arguments, server_options

logger = logging.getLogger(__name__)
PROG = "python -m day19_chat_server"


@dataclass(frozen=True)
class CliArgs:
    """The parsed, checked command line."""

    command: str  # "serve" or "connect"
    config: ChatConfig
    verbose: bool
    log_format: LogFormat


def build_parser() -> argparse.ArgumentParser:
    """Serving options at the top level; `connect` as the one subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A chat server on sockets and selectors: netcat users and IRC clients "
        "share its rooms.",
        epilog=f"Try it: `{PROG}` in one terminal, `nc 127.0.0.1 {DEFAULT_PORT}` (or "
        f"`{PROG} connect`) in two others. IRC clients connect to the same port.",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    parser.add_argument("--irc", action="store_true", help="every client speaks IRC (no detection)")
    parser.add_argument("--motd", type=Path, metavar="FILE", help="message of the day for IRC")
    parser.add_argument(
        "--server-name", default="day19.chat", metavar="NAME",
        help="the name IRC replies come from (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--ping-interval", type=float, default=120.0, metavar="S",
        help="ping clients quiet this long, drop them after as long again (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--flood-rate", type=float, default=2.0, metavar="N",
        help="lines per second a client may send after a burst of 10 (default: %(default)s)",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", metavar="{connect}")
    joiner = commands.add_parser("connect", help="a tiny netcat: talk to a running server")
    # SUPPRESS: an option given before `connect` is not overwritten by these defaults.
    joiner.add_argument("--host", default=argparse.SUPPRESS, help=f"(default: {DEFAULT_HOST})")
    joiner.add_argument(
        "--port", type=int, default=argparse.SUPPRESS, help=f"(default: {DEFAULT_PORT})"
    )
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and check everything before any work starts (a bad value is exit code 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    server = server_options(parser, args)
    if not args.server_name or " " in args.server_name:
        parser.error(f"--server-name must be one word, not {args.server_name!r}")
    if args.ping_interval <= 0 or args.flood_rate <= 0:
        parser.error("--ping-interval and --flood-rate must be greater than 0")
    motd: tuple[str, ...] | None = None
    if args.motd is not None:
        try:
            motd = tuple(args.motd.read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError) as exc:
            parser.error(f"cannot read the MOTD file {str(args.motd)!r}: {exc}")
    config = ChatConfig(
        host=server.host,
        port=server.port,
        irc_only=args.irc,
        server_name=args.server_name,
        motd=motd,
        ping_interval=args.ping_interval,
        ping_timeout=args.ping_interval,
        flood_rate=args.flood_rate,
    )
    return CliArgs(
        command=args.command or "serve",
        config=config,
        verbose=server.verbose,
        log_format=server.log_format,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: serve until Ctrl+C or SIGTERM (or run the `connect` client)."""
    args = parse_args(argv)
    configure_logging(verbose=args.verbose, log_format=args.log_format)
    if args.command == "connect":
        return run_cli(lambda: connect(args.config.host, args.config.port), verbose=args.verbose)
    return run_cli(lambda: serve(args.config), verbose=args.verbose)


def serve(config: ChatConfig) -> int:
    """Bind, announce, serve; SIGINT and SIGTERM stop the loop the same clean way."""
    try:
        server = ChatServer(config)  # binds now: a taken port is one error line, exit code 1
    except OSError as exc:
        raise CourseError(
            f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}",
            hint="is another server using the port? try --port 0 or another port",
        ) from exc
    _raise_file_limit(config.max_clients + 64)
    host, port = server.address
    with _stop_on_signals(server):
        logger.info("chat on %s:%d", host, port)
        output(f"Serving chat on {host}:{port} (nc {host} {port}, or an IRC client)")
        sys.stdout.flush()  # a pipe (a test, a supervisor) sees the line at once
        server.serve_forever()
    logger.info("stopped")
    return 0


@contextmanager
def _stop_on_signals(server: ChatServer) -> Iterator[None]:
    """SIGINT and SIGTERM call server.shutdown(): clients are told, the exit code is 0."""
    stop = {signal.SIGINT, signal.SIGTERM}
    previous = {sig: signal.signal(sig, lambda *_: server.shutdown()) for sig in stop}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_file_limit(wanted: int) -> None:
    """One descriptor per client: lift the soft limit (often 1024) towards the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        logger.info("raised the open-file limit from %d to %d", soft, target)
