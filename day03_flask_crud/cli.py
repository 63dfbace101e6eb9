"""`python -m day03_flask_crud`: serve the book API with werkzeug's threaded server.

Exit codes: 0 stopped with Ctrl+C or SIGTERM, 1 the data file is unusable or the address is taken,
2 bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server, select_address_family

from day03_flask_crud.app import create_app
from day03_flask_crud.extension import get_store
from shared.cli import CourseError, output, run_cli
from shared.logs import configure_logging

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8003


@dataclass(frozen=True)
class ServeOptions:
    """The validated command line."""

    host: str
    port: int
    data: Path | None
    verbose: bool


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser for `python -m day03_flask_crud`."""
    parser = argparse.ArgumentParser(
        prog="python -m day03_flask_crud",
        description="Serve a JSON CRUD API for books: /add, /view, /edit/<id>, /delete/<id>.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help="port, 0 for any free one (default: %(default)s)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        help="keep the books in this JSON file (default: memory only)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs and tracebacks")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and serve until Ctrl+C; return the exit code."""
    args = build_parser().parse_args(argv)
    options = ServeOptions(host=args.host, port=args.port, data=args.data, verbose=args.verbose)
    configure_logging(verbose=options.verbose)
    return run_cli(lambda: serve(options), verbose=options.verbose)


def serve(options: ServeOptions) -> int:
    """Build the app, bind the address, announce the URL on stdout and serve until Ctrl+C."""
    app = create_app({"DATA_FILE": options.data, "SEED_BOOKS": True})
    server = _bind(app, options.host, options.port)
    where = options.data or "memory only"
    logger.info("serving %d books (%s)", get_store(app).search().total, where)
    output(f"Serving books on http://{options.host}:{server.port}/view (Ctrl+C to stop)")
    sys.stdout.flush()
    with _stop_on_signals():
        server.serve_forever()  # returns after Ctrl+C or SIGTERM and closes the socket
    logger.info("stopped")
    return 0


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt, which werkzeug treats as "stop".

    SIGINT needs it too: a process started in the background inherits SIGINT *ignored*.
    """
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, signal.default_int_handler)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _bind(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """Bind first, so a taken port is one `error:` line instead of werkzeug's own exit."""
    family = select_address_family(host, port)
    try:
        sock = socket.create_server((host, port), family=family)
    except OSError as exc:
        message = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        raise CourseError(message, hint="choose another --port or --host") from exc
    with sock:
        return make_server(host, port, app, threaded=True, fd=sock.fileno())


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return port
