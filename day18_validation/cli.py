"""`python -m day18_validation`: serve one of the two apps, or check a payload with both.

    python -m day18_validation [--framework flask|fastapi] [--port 8018] [--database-url URL]
    python -m day18_validation check FILE.json [--schema BookCreate]

`serve` (the default) migrates day 11's tables first, then serves day 11's Flask app with
marshmallow (`flask`, the default) or the FastAPI twin with pydantic (`fastapi`).
`check` validates the JSON in FILE (`-` reads stdin) with both libraries and prints their
verdicts side by side. Exit codes: 0 served, or both accept; 1 both reject (or a runtime
failure: a taken port, an unreachable database); 3 the two disagree; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.cli import UsageError, output, run_cli
from shared.logs import configure_logging
from shared.serving import ServerOptions, add_server_arguments, server_options

DEFAULT_PORT = 8018
FRAMEWORKS = ("flask", "fastapi")
EXIT_DISAGREE = 3
INPUT_SCHEMAS = (  # contract.INPUT_SCHEMAS, repeated so --help imports no library
    "BookCreate",
    "BookPatch",
    "AuthorWrite",
    "LoanCreate",
    "LoanPatch",
    "AuthorWithBooksCreate",
    "MemberCreate",
)


@dataclass(frozen=True)
class CliArgs:
    """The parsed, validated command line."""

    command: str
    framework: str
    server: ServerOptions
    database_url: str | None = None
    require_if_match: bool = False
    file: str | None = None
    schema: str = "BookCreate"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="python -m day18_validation",
        description="Day 11's library API validated by marshmallow (Flask) or pydantic "
        "(FastAPI); `check FILE.json` compares the two on one payload.",
        epilog="check exits 0 when both accept, 1 when both reject, 3 when they disagree.",
    )
    parser.add_argument(
        "command", nargs="?", choices=("serve", "check"), default="serve", help="default: serve"
    )
    parser.add_argument("file", nargs="?", help="check: the JSON payload (- for stdin)")
    parser.add_argument(
        "--schema",
        choices=INPUT_SCHEMAS,
        default="BookCreate",
        help="check: the contract schema to validate against (default: %(default)s)",
    )
    parser.add_argument(
        "--framework", choices=FRAMEWORKS, default="flask", help="serve: default %(default)s"
    )
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL (default: DATABASE_URL, else SQLite)"
    )
    parser.add_argument(
        "--require-if-match", action="store_true", help="refuse changes without If-Match (428)"
    )
    add_server_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (usage errors exit 2 before any work)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check" and args.file is None:
        parser.error("check needs a FILE.json (or - for stdin)")
    if args.command == "serve" and args.file is not None:
        parser.error(f"serve takes no file (did you mean `check {args.file}`?)")
    return CliArgs(
        command=args.command,
        framework=args.framework,
        server=server_options(parser, args),
        database_url=args.database_url,
        require_if_match=args.require_if_match,
        file=args.file,
        schema=args.schema,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code."""
    args = parse_args(argv)
    configure_logging(verbose=args.server.verbose, log_format=args.server.log_format)
    work = check if args.command == "check" else serve
    return run_cli(lambda: work(args), verbose=args.server.verbose)


def serve(args: CliArgs) -> int:
    """Migrate day 11's tables, then serve the chosen app until Ctrl+C."""
    from day11_rest_library import Settings, cli  # day 11's migrate: one error line per failure
    from shared.serving import serve_asgi, serve_wsgi

    overrides: dict[str, Any] = {"day11_require_if_match": args.require_if_match or None}
    if args.database_url:
        overrides["database_url"] = args.database_url
    settings = Settings()
    settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    cli.migrate(settings.database_url)
    if args.framework == "fastapi":
        from day18_validation.fastapi_app import create_fastapi_app

        what = "library API (FastAPI + pydantic)"
        return serve_asgi(create_fastapi_app(settings), args.server, what=what)
    from day18_validation.flask_app import create_flask_app

    what = "library API (Flask + marshmallow)"
    return serve_wsgi(create_flask_app(settings), args.server, what=what)


def check(args: CliArgs) -> int:
    """Validate the file's payload with both libraries; print both verdicts side by side."""
    payload = _read_json(str(args.file))  # a usage error before the libraries load
    from day18_validation.validators import compare, exit_code, plain

    # solution: compare the two verdicts, print them side by side, pick the exit code
    ours, theirs = compare(args.schema, payload)
    output(f"{args.schema} payload from {args.file}")
    output(_row("", "marshmallow", "pydantic"))
    output(_row("verdict", _word(ours.accepted), _word(theirs.accepted)))
    output(_row("fields", ", ".join(ours.fields) or "-", ", ".join(theirs.fields) or "-"))
    for name, verdict_ in (("marshmallow", ours), ("pydantic", theirs)):
        for field, message in zip(verdict_.fields, verdict_.messages, strict=True):
            output(f"  {name}: {field}: {message}")
    code = exit_code(ours, theirs)
    if ours.accepted and code == 0:
        output(f"  clean values: {json.dumps(plain(ours.values), ensure_ascii=False)}")
    output({0: "both accept", 1: "both reject", EXIT_DISAGREE: "the two DISAGREE"}[code])
    return code
    # end solution


def _read_json(name: str) -> object:
    """The decoded JSON of a file (or stdin); a missing file or bad JSON is a usage error."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{name} is not JSON: {exc}", hint="check validates JSON") from exc


def _row(label: str, left: str, right: str) -> str:
    return f"{label:<9}{left:<34}{right}".rstrip()


def _word(accepted: bool) -> str:
    return "accepted" if accepted else "rejected"
