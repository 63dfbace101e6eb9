"""`python -m day03_flask_crud`: serve the book API with werkzeug's threaded server.

Exit codes: 0 stopped with Ctrl+C or SIGTERM, 1 the data file is unusable or the address is taken,
2 bad arguments (including a --data path that cannot be a file).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from day03_flask_crud.app import create_app
from day03_flask_crud.extension import get_store
from shared.cli import run_cli
from shared.logs import configure_logging
from shared.serving import ServerOptions, add_server_arguments, serve_wsgi, server_options

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8003


@dataclass(frozen=True)
class ServeOptions:
    """The validated command line."""

    server: ServerOptions
    data: Path | None


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser for `python -m day03_flask_crud`."""
    parser = argparse.ArgumentParser(
        prog="python -m day03_flask_crud",
        description="Serve a JSON CRUD API for books: /add, /view, /edit/<id>, /delete/<id>.",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        help="keep the books in this JSON file, created with its folder if missing "
        "(default: memory only)",
    )
    return parser


def parse_options(argv: Sequence[str] | None) -> ServeOptions:
    """Parse and check the command line; a bad value exits 2 with argparse's usage line."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data is not None:
        problem = _unusable_data_path(args.data)
        if problem:
            parser.error(f"--data {args.data}: {problem}")
    return ServeOptions(server=server_options(parser, args), data=args.data)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and serve until Ctrl+C; return the exit code."""
    options = parse_options(argv)
    verbose = options.server.verbose
    configure_logging(verbose=verbose, log_format=options.server.log_format)
    return run_cli(lambda: serve(options), verbose=verbose)


def serve(options: ServeOptions) -> int:
    """Build the app (reading the data file), then serve it until Ctrl+C or SIGTERM."""
    app = create_app({"DATA_FILE": options.data, "SEED_BOOKS": True})
    where = options.data or "memory only"
    logger.info("serving %d books (%s)", get_store(app).search().total, where)
    return serve_wsgi(app, options.server, what="book API")


def _unusable_data_path(path: Path) -> str | None:
    """Why `path` can never be the data file (a folder, or under a file), or None."""
    if path.is_dir():
        return "is a folder; name a file in it, such as var/books.json"
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else f"{parent} is a file, not a folder"
    return None  # pragma: no cover - a relative path always has "." as a parent
