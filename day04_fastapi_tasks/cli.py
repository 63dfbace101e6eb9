"""Command line: `python -m day04_fastapi_tasks [--host H] [--port P] [--verbose]`.

Serves the task API (in-memory storage) with uvicorn through shared.serving, which binds the
port first. Exit codes: 0 after Ctrl+C, 1 when the server cannot start (e.g. the port is
taken), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from day04_fastapi_tasks.app import create_app
from day04_fastapi_tasks.config import DEFAULT_PORT
from shared.cli import run_cli
from shared.logs import configure_logging
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the day's CLI."""
    parser = argparse.ArgumentParser(
        prog="python -m day04_fastapi_tasks",
        description="Serve the task API (in-memory storage) with uvicorn; docs at /docs.",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_options(argv: Sequence[str] | None) -> ServerOptions:
    """Parse and check the arguments before any work starts."""
    parser = build_parser()
    return server_options(parser, parser.parse_args(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, set up logging, serve until Ctrl+C."""
    options = parse_options(argv)
    configure_logging(verbose=options.verbose, log_format=options.log_format)
    return run_cli(
        lambda: serve_asgi(create_app(), options, what="task API"), verbose=options.verbose
    )
