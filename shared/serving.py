"""Serving a web app from a day's CLI: the same options, start-up line and error path.

Every server day's `python -m dayNN_slug` binds its socket first (so a taken port is one clear
`error:` line, not a traceback), prints `Serving <what> on http://HOST:PORT` on stdout once it
listens, and runs until Ctrl+C or SIGTERM (exit code 0). FastAPI days call `serve_asgi`
(uvicorn), Flask days `serve_wsgi` (werkzeug); each server is imported only when it is used.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, cast

from shared.cli import CourseError, output
from shared.logs import LOG_FORMATS, LogFormat, log_format_from_env

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"


@dataclass(frozen=True)
class ServerOptions:
    """Where to listen and how to log, validated before any work starts."""

    host: str
    port: int
    verbose: bool
    log_format: LogFormat = "auto"


def add_server_arguments(parser: argparse.ArgumentParser, *, default_port: int) -> None:
    """Add --host, --port, --verbose and --log-format (DESIGN.md section 2: port 8000 + day)."""
    parser.add_argument("--host", default=DEFAULT_HOST, help="interface (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=default_port, help="port, 0 for any (default: %(default)s)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs, tracebacks")
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=log_format_from_env(),  # argparse does not check a default: server_options does
        help="log lines as text or JSON; auto is text on a terminal, JSON otherwise "
        "(default: %(default)s, or the LOG_FORMAT environment variable)",
    )


def server_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> ServerOptions:
    """Check the parsed server arguments; a bad port or LOG_FORMAT is a usage error (exit 2)."""
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}")
    if args.log_format not in LOG_FORMATS:  # only an environment value can get here
        choices = ", ".join(LOG_FORMATS)
        parser.error(f"LOG_FORMAT must be one of {choices}, not {args.log_format!r}")
    return ServerOptions(
        host=args.host,
        port=args.port,
        verbose=args.verbose,
        log_format=cast(LogFormat, args.log_format),
    )


def bind_socket(host: str, port: int) -> socket.socket:
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
            sock.listen(2048)
            close_on_error.pop_all()
    except OSError as exc:
        raise CourseError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="is another server using the port? try --port 0 or another port",
        ) from exc
    return sock


def base_url(host: str, port: int) -> str:
    """The URL a client uses for a listening address (IPv6 hosts in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def announce(what: str, host: str, port: int) -> None:
    """Print the one human start-up line on stdout, flushed so a pipe sees it at once."""
    output(f"Serving {what} on {base_url(host, port)}")
    sys.stdout.flush()


def serve_asgi(app: Any, options: ServerOptions, *, what: str = "API") -> int:
    """Run uvicorn on a freshly bound socket until Ctrl+C; exit code 0, or 1 if start-up fails."""
    import uvicorn

    class _AnnouncingServer(uvicorn.Server):
        """Says where it listens once the app has started (uvicorn is silent given a socket)."""

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                logger.info("%s on %s (docs at /docs)", what, base_url(host, port))
                announce(what, host, port)

    sock = bind_socket(options.host, options.port)
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        app,
        log_level="debug" if options.verbose else "info",
        log_config=None,  # keep the logging configured by shared.logs
        lifespan="on",
    )
    with sock:
        try:
            _AnnouncingServer(config).run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after a graceful shutdown
            logger.info("stopped")
        except SystemExit as exc:  # uvicorn exits 3 when the app's start-up fails
            raise CourseError(f"the {what} did not start (see the log above)") from exc
    return 0


def serve_wsgi(app: Any, options: ServerOptions, *, what: str = "API") -> int:
    """Run werkzeug's threaded server on a freshly bound socket until Ctrl+C or SIGTERM.

    Werkzeug comes with Flask and runs each connection in its own thread, which is what the
    Flask days need: no extra dependency, and dozens of concurrent clients. It is not a
    production server (day 16 puts gunicorn in front); requests still running when the
    server stops are cut off, since its request threads are daemons.
    """
    from werkzeug.serving import make_server

    sock = bind_socket(options.host, options.port)
    host, port = sock.getsockname()[:2]
    with sock, _stop_on_signals():
        # werkzeug takes the bound socket by descriptor (it duplicates it); a numeric host
        # lets it pick the right address family.
        server = make_server(host, port, app, threaded=True, fd=sock.fileno())
        try:
            logger.info("%s on %s", what, base_url(host, port))
            announce(what, host, port)
            server.serve_forever()  # returns on Ctrl+C or SIGTERM, and closes its socket
        except KeyboardInterrupt:  # the signal came before the loop started
            server.server_close()
    logger.info("stopped")
    return 0


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt, which werkzeug treats as "stop".

    SIGINT needs it too: a process started in the background (`&`) inherits SIGINT *ignored*.
    Only the main thread may set handlers; elsewhere (a test's thread) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, signal.default_int_handler)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
