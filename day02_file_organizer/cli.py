"""Command line: `python -m day02_file_organizer [organize] DIR [options]`, `undo DIR`, `demo`.

A bare DIR means `organize DIR`; no arguments at all runs the demo in a temporary folder.
Exit codes: 0 every file handled, 1 some files could not be moved or restored, 2 usage error
(bad arguments, a missing folder, a bad rules file, nothing to undo).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from day02_file_organizer.demo import run_demo
from day02_file_organizer.organizer import apply_plan, dry_run_summary
from day02_file_organizer.planner import BY_CHOICES, OrganizeOptions, plan_moves
from day02_file_organizer.report import render_plan, render_summary, render_undo
from day02_file_organizer.rules_file import load_rules
from day02_file_organizer.undoer import undo
from shared.cli import output, run_cli
from shared.logs import configure_logging

COMMANDS = ("organize", "undo", "demo")
PROG = "python -m day02_file_organizer"


def _add_verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log every move; tracebacks on errors"
    )


def _add_organize(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("organize", help="sort DIR's files into folders (the default)")
    parser.add_argument("directory", type=Path, metavar="DIR", help="the folder to organise")
    parser.add_argument("--dest", type=Path, help="put the folders here instead of in DIR")
    parser.add_argument("--rules", type=Path, help='JSON {"category": [".ext", ...]} to use')
    parser.add_argument(
        "--by", choices=BY_CHOICES, default="category", help="folder per category (default), "
        "per extension, or per modification month (YYYY-MM)"
    )  # fmt: skip
    parser.add_argument("-r", "--recursive", action="store_true", help="also files in subfolders")
    parser.add_argument("--include-hidden", action="store_true", help="also move dotfiles")
    parser.add_argument(
        "--include-symlinks", action="store_true", help="also move symlinks (the links themselves)"
    )
    parser.add_argument("-n", "--dry-run", action="store_true", help="print the plan, move nothing")
    parser.add_argument(
        "--fsync", action="store_true", help="fsync the journal before every move (slower, safer)"
    )
    _add_verbose(parser)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: subcommands organize (default), undo and demo."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Organise a folder's files into folders by extension, category or date; "
        "every run is journaled and can be undone.",
        epilog=f"A bare DIR means `organize DIR`. With no arguments: a demo in a temporary "
        f"folder. Examples: `{PROG} var/mess --dry-run`, `{PROG} undo var/mess`.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{organize,undo,demo}")
    _add_organize(commands)
    undo_parser = commands.add_parser("undo", help="put back every file DIR's journal moved")
    undo_parser.add_argument("directory", type=Path, metavar="DIR", help="an organised folder")
    undo_parser.add_argument("-n", "--dry-run", action="store_true", help="only print the plan")
    _add_verbose(undo_parser)
    demo_parser = commands.add_parser("demo", help="organise and undo a sample temporary folder")
    _add_verbose(demo_parser)
    return parser


def _with_command(argv: list[str]) -> list[str]:
    """Insert the implied command: none -> demo, a bare DIR (or option) -> organize."""
    if not argv:
        return ["demo"]
    if argv[0] in COMMANDS or argv[0] in ("-h", "--help"):
        return argv
    return ["organize", *argv]


def _organize(args: argparse.Namespace) -> int:
    options = OrganizeOptions(
        dest=args.dest,
        rules=load_rules(args.rules),
        by=args.by,
        recursive=args.recursive,
        include_hidden=args.include_hidden,
        include_symlinks=args.include_symlinks,
        fsync=args.fsync,
    )
    plan = plan_moves(args.directory, options)
    if args.dry_run:
        output(render_plan(plan))
        summary = dry_run_summary(plan)
    else:
        progress = sys.stderr if sys.stderr.isatty() else None
        summary = apply_plan(plan, fsync=options.fsync, progress=progress)
    output(render_summary(summary, plan.root, everything=args.verbose))
    return 0 if summary.ok else 1


def _undo(args: argparse.Namespace) -> int:
    summary = undo(args.directory, dry_run=args.dry_run)
    root = args.directory.absolute()
    output(render_undo(summary, root, everything=args.verbose))
    return 0 if summary.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(_with_command(list(sys.argv[1:] if argv is None else argv)))
    configure_logging(verbose=args.verbose)
    if args.command == "undo":
        return run_cli(lambda: _undo(args), verbose=args.verbose)
    if args.command == "demo":
        return run_cli(lambda: run_demo(output), verbose=args.verbose)
    return run_cli(lambda: _organize(args), verbose=args.verbose)
