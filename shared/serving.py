"""Serving an ASGI app from a day's CLI: the same --host/--port/--verbose and error path.

Every FastAPI day's `python -m dayNN_slug` binds its socket first (so a taken port is one clear
`error:` line, not a traceback), logs where it listens, and runs uvicorn until Ctrl+C.
Imported only by days that depend on uvicorn.
"""

from __future__ import annotations

import argparse
import logging
import socket
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from shared.cli import CourseError

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"


@dataclass(frozen=True)
class ServerOptions:
    """Where to listen, validated before any work starts."""

    host: str
    port: int
    verbose: bool


def add_server_arguments(parser: argparse.ArgumentParser, *, default_port: int) -> None:
    """Add --host, --port and --verbose (DESIGN.md section 2: port 8000 + day)."""
    parser.add_argument("--host", default=DEFAULT_HOST, help="interface (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=default_port, help="port, 0 for any (default: %(default)s)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs, tracebacks")


def server_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> ServerOptions:
    """Check the parsed server arguments; a bad port is a usage error (exit 2)."""
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}")
    return ServerOptions(host=args.host, port=args.port, verbose=args.verbose)


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


def serve_asgi(app: Any, options: ServerOptions, *, what: str = "API") -> int:
    """Run uvicorn on a freshly bound socket until Ctrl+C; exit code 0, or 1 if start-up fails."""
    import uvicorn

    class _AnnouncingServer(uvicorn.Server):
        """Says where it listens once the app has started (uvicorn is silent given a socket)."""

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                logger.info("%s on http://%s:%d (docs at /docs)", what, host, port)

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
