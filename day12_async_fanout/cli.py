"""Command line: `python -m day12_async_fanout [demo] [options]`.

    python -m day12_async_fanout            serve on 127.0.0.1:8012 against the public APIs
    python -m day12_async_fanout demo       the same app against local stand-ins (no internet)
                [--stall NAME] [--down NAME]  a source that never answers / on a closed port

Both serve through shared.serving, which binds the port first. Exit codes: 0 after Ctrl+C,
1 when the server cannot start (e.g. the port is taken), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from day12_async_fanout.app import create_app
from day12_async_fanout.config import DEFAULT_PORT, Settings
from day12_async_fanout.demo import SOURCE_UPSTREAMS, run_demo
from shared.cli import run_cli
from shared.logs import configure_logging
from shared.serving import ServerOptions, add_server_arguments, serve_asgi, server_options

COMMANDS = ("serve", "demo")


@dataclass(frozen=True)
class CliArgs:
    """The parsed, checked command line."""

    command: str
    server: ServerOptions
    settings: Settings
    stall: tuple[str, ...]
    down: tuple[str, ...]


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the day's CLI (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day12_async_fanout",
        description="Serve GET /overview: several upstream APIs gathered at once, with a "
        "deadline and partial results; docs at /docs.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=COMMANDS,
        default="serve",
        help="serve: against the public APIs (needs the internet); demo: against local "
        "stand-ins with injected latency and failures (default: %(default)s)",
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    defaults = Settings()
    parser.add_argument(
        "--deadline",
        type=float,
        default=defaults.deadline,
        help="seconds for a whole /overview answer (default: %(default)s)",
    )
    parser.add_argument(
        "--upstream-timeout",
        type=float,
        default=defaults.upstream_timeout,
        help="seconds for one attempt at one source (default: %(default)s)",
    )
    parser.add_argument("--no-hedging", action="store_true", help="never send hedged requests")
    sources = sorted(SOURCE_UPSTREAMS)
    for flag, what in (("--stall", "never answers"), ("--down", "is on a closed port")):
        parser.add_argument(
            flag,
            action="append",
            default=[],
            choices=sources,
            metavar="SOURCE",
            help=f"demo only: this source ({', '.join(sources)}) {what}; repeatable",
        )
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and check the arguments before any work starts (usage errors exit 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    server = server_options(parser, args)
    if args.command != "demo" and (args.stall or args.down):
        parser.error("--stall and --down only apply to the demo: python -m day12_async_fanout demo")
    try:
        settings = Settings(
            deadline=args.deadline,
            upstream_timeout=args.upstream_timeout,
            hedging=not args.no_hedging,
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'-'.join(map(str, e['loc'])).replace('_', '-')} {e['msg'].lower()}"
            for e in exc.errors()
        )
        parser.error(problems)
    return CliArgs(
        command=args.command,
        server=server,
        settings=settings,
        stall=tuple(dict.fromkeys(args.stall)),
        down=tuple(dict.fromkeys(args.down)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, set up logging, serve until Ctrl+C."""
    args = parse_args(argv)
    configure_logging(verbose=args.server.verbose, log_format=args.server.log_format)
    return run_cli(lambda: _serve(args), verbose=args.server.verbose)


def _serve(args: CliArgs) -> int:
    if args.command == "demo":
        return run_demo(args.server, args.settings, stall=args.stall, down=args.down)
    return serve_asgi(create_app(args.settings), args.server, what="overview API")
