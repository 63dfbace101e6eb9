"""`python -m day09_mongo_activity`: serve the activity-log API with uvicorn.

Exit codes: 0 after a clean shutdown, 1 when MongoDB (MONGODB_URL) does not answer,
2 for bad arguments or settings.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from day09_mongo_activity.app import create_app
from day09_mongo_activity.config import Settings
from day09_mongo_activity.errors import DatabaseUnavailable
from shared.cli import CourseError, UsageError, run_cli
from shared.logs import configure_logging

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8009


@dataclass(frozen=True)
class ServeOptions:
    """Validated command-line options."""

    host: str
    port: int
    verbose: bool


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m day09_mongo_activity`."""
    parser = argparse.ArgumentParser(
        prog="python -m day09_mongo_activity",
        description=(
            "Serve the MongoDB-backed activity-log API. Set MONGODB_URL to use a real server; "
            "without it the API runs on mongomock and nothing is persisted."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port, 0 for any (default: %(default)s)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="debug logs, tracebacks")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, check the settings and MongoDB, then serve until interrupted."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65_535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}")
    options = ServeOptions(host=args.host, port=args.port, verbose=args.verbose)
    configure_logging(verbose=options.verbose)
    return run_cli(lambda: _serve(options), verbose=options.verbose)


def _serve(options: ServeOptions) -> int:
    import uvicorn

    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UsageError(
            f"invalid setting {'.'.join(map(str, first['loc']))}: {first['msg']}",
            hint="check the DAY09_* and MONGODB_URL environment variables",
        ) from exc
    if settings.mongodb_url:
        _ping(settings)
    config = uvicorn.Config(
        create_app(settings),
        host=options.host,
        port=options.port,
        lifespan="on",
        log_config=None,  # keep the logging set up by configure_logging
    )
    server = uvicorn.Server(config)
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it has already shut down for
        logger.info("stopped")
    except SystemExit as exc:  # uvicorn exits 3 when the app's start-up fails
        raise CourseError("the API did not start (see the log above)") from exc
    return 0


def _ping(settings: Settings) -> None:
    """Fail fast, in one line, when MONGODB_URL names a server that does not answer."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient[dict[str, object]] = MongoClient(
        settings.mongodb_url, serverSelectionTimeoutMS=settings.mongodb_timeout_ms
    )
    try:
        client.admin.command("ping")
    except PyMongoError as exc:
        raise DatabaseUnavailable(
            f"MongoDB at MONGODB_URL did not answer within {settings.mongodb_timeout_ms} ms",
            hint="start the server, fix MONGODB_URL, or unset it to run on mongomock",
        ) from exc
    finally:
        client.close()
