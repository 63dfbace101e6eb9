"""`python -m day09_mongo_activity`: serve the activity-log API with uvicorn.

Exit codes: 0 after a clean shutdown, 1 when MongoDB (MONGODB_URL) does not answer,
2 for bad arguments or settings.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from pydantic import ValidationError

from day09_mongo_activity.app import create_app
from day09_mongo_activity.config import Settings
from day09_mongo_activity.errors import DatabaseUnavailable
from shared.cli import UsageError, run_cli
from shared.logs import configure_logging
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8009


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m day09_mongo_activity`."""
    parser = argparse.ArgumentParser(
        prog="python -m day09_mongo_activity",
        description=(
            "Serve the MongoDB-backed activity-log API. Set MONGODB_URL to use a real server; "
            "without it the API runs on mongomock and nothing is persisted."
        ),
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, check the settings and MongoDB, then serve until interrupted."""
    parser = build_parser()
    options = server_options(parser, parser.parse_args(argv))
    configure_logging(verbose=options.verbose, log_format=options.log_format)
    return run_cli(lambda: _serve(options), verbose=options.verbose)


def _serve(options: ServerOptions) -> int:
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
    return serve_asgi(create_app(settings), options, what="activity-log API")


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
