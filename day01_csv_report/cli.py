"""`python -m day01_csv_report [FILE|-]`: the command line around `analyze`.

Exit codes: 0 the report was written; 1 the data could not be read (undecodable bytes, broken
quoting) or the report could not be written; 2 a usage error (a missing file or a directory,
an unknown option value, an unknown --group-by column or encoding).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from day01_csv_report.analyzer import analyze
from day01_csv_report.html_format import render_html
from day01_csv_report.json_format import render_json
from day01_csv_report.markdown_format import render_markdown
from day01_csv_report.output import write_atomic
from day01_csv_report.report import Report
from day01_csv_report.source import SAMPLE_CSV, Source
from day01_csv_report.text_format import render_text
from shared.cli import output, run_cli
from shared.logs import configure_logging

logger = logging.getLogger(__name__)

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html"}
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


@dataclass(frozen=True, slots=True)
class CliArgs:
    """The validated command line."""

    source: Path | None
    stdin: bool
    format: str
    output: Path | None
    group_by: str | None
    delimiter: str | None
    encoding: str
    verbose: bool


def _delimiter(text: str) -> str:
    """argparse type for --delimiter: one character, or a name such as tab."""
    value = DELIMITER_NAMES.get(text.lower(), text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"must be one character or tab, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (separate from `main` so tests and docs can inspect it)."""
    parser = argparse.ArgumentParser(
        prog="python -m day01_csv_report",
        description="Analyze a CSV file in one streaming pass and print a summary report.",
        epilog="With no FILE, reports on the bundled sample of 3,000 sales orders.",
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="the CSV file, or - for standard input"
    )
    parser.add_argument(
        "--format",
        choices=sorted(RENDERERS),
        help="report format (default: from the --output suffix .md/.json/.html, else text)",
    )
    parser.add_argument(
        "--output", "-o", type=Path, metavar="PATH", help="write the report here (atomically)"
    )
    parser.add_argument("--group-by", metavar="COLUMN", help="add per-group counts and sums")
    parser.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="D",
        help="field delimiter (default: sniffed), e.g. ';' or tab",
    )
    parser.add_argument(
        "--encoding", default="utf-8", metavar="E", help="text encoding (default: utf-8)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="debug logs, tracebacks")
    return parser


def parse_args(argv: Sequence[str] | None) -> CliArgs:
    """Parse and validate the command line (argparse exits 2 on a usage error)."""
    args = build_parser().parse_args(argv)
    suffix = args.output.suffix.lower() if args.output else ""
    return CliArgs(
        source=None if args.file in (None, "-") else Path(args.file),
        stdin=args.file == "-",
        format=args.format or SUFFIXES.get(suffix, "text"),
        output=args.output,
        group_by=args.group_by,
        delimiter=args.delimiter,
        encoding=args.encoding,
        verbose=args.verbose,
    )


def _report(args: CliArgs) -> Report:
    source: Source = sys.stdin.buffer if args.stdin else (args.source or SAMPLE_CSV)
    return analyze(source, delimiter=args.delimiter, group_by=args.group_by, encoding=args.encoding)


def _run(args: CliArgs) -> int:
    text = RENDERERS[args.format](_report(args))
    if args.output is None:
        output(text)
    else:
        write_atomic(args.output, text)
        logger.info("wrote the %s report to %s", args.format, args.output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0, 1 or 2)."""
    args = parse_args(argv)
    configure_logging(verbose=args.verbose)
    return run_cli(lambda: _run(args), verbose=args.verbose)
