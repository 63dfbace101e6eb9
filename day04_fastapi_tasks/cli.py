"""Command line: `python -m day04_fastapi_tasks [--host H] [--port P] [--verbose]`.

Serves the task API (in-memory storage) with uvicorn. Exit codes: 0 after a clean shutdown,
1 when the server cannot start (e.g. the port is taken), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import socket
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass

import uvicorn

from day04_fastapi_tasks.app import create_app
from day04_fastapi_tasks.config import DEFAULT_HOST, DEFAULT_PORT
from shared.cli import CourseError, run_cli
from shared.logs import configure_logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeOptions:
    """Validated command-line options."""

    host: str
    port: int
    verbose: bool


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the day's CLI."""
    parser = argparse.ArgumentParser(
        prog="python -m day04_fastapi_tasks",
        description="Serve the task API (in-memory storage) with uvicorn; docs at /docs.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="interface (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs and tracebacks")
    return parser


def parse_options(argv: Sequence[str] | None) -> ServeOptions:
    """Parse and check the arguments before any work starts."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}")
    return ServeOptions(host=args.host, port=args.port, verbose=args.verbose)


def bind(host: str, port: int) -> socket.socket:
    """Open the listening socket first, so a taken port is one clear error line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with ExitStack() as close_on_error:
            # proto must say TCP: asyncio turns off Nagle's algorithm only on IPPROTO_TCP
            # sockets; with it on, each keep-alive request waits ~40 ms for a delayed ACK.
            sock = close_on_error.enter_context(socket.socket(family, kind, proto))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen()
            close_on_error.pop_all()
    except OSError as exc:
        raise CourseError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="is another server using the port? try --port 0 or another port",
        ) from exc
    return sock


def serve(options: ServeOptions) -> int:
    """Run uvicorn on the bound socket until interrupted (Ctrl+C)."""
    sock = bind(options.host, options.port)
    host, port = sock.getsockname()[:2]
    logger.info("task API docs at http://%s:%d/docs", host, port)
    config = uvicorn.Config(
        create_app(), log_level="debug" if options.verbose else "info", log_config=None
    )
    with sock:
        try:
            uvicorn.Server(config).run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after a graceful shutdown
            logger.info("stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, set up logging, serve."""
    options = parse_options(argv)
    configure_logging(verbose=options.verbose)
    return run_cli(lambda: serve(options), verbose=options.verbose)
