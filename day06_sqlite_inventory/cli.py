"""`python -m day06_sqlite_inventory`: manage a small inventory in a SQLite file.

Every command runs in one transaction: it commits completely or not at all. Exit codes:
0 success; 1 the data or the database refused a well-formed request (unknown or duplicate
sku, not enough stock, the database locked by another writer beyond --busy-timeout, a file
that is not a database); 2 the request itself is wrong (bad arguments, an invalid price or
quantity, a CSV file that is missing or malformed: import-csv reports any rejected row, with
its line number, as exit 2).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from day06_sqlite_inventory.csvio import export_csv, import_csv, write_csv
from day06_sqlite_inventory.demo import run_demo
from day06_sqlite_inventory.errors import InvalidValueError
from day06_sqlite_inventory.inventory import MAX_QUANTITY, Inventory
from day06_sqlite_inventory.money import format_cents, parse_cents
from day06_sqlite_inventory.schema import DEFAULT_BUSY_TIMEOUT, connect, migrate
from day06_sqlite_inventory.views import render_item, render_items, render_report
from shared.cli import output, run_cli
from shared.logs import configure_logging

DEFAULT_DB = Path("var") / "inventory.db"
UPDATE_FIELDS = ("name", "category", "price", "reorder_level")

Handler = Callable[[Inventory, argparse.Namespace], str]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, run one command in one transaction, return the exit code."""
    try:
        args = _parse(argv)
    except SystemExit as exc:  # argparse has printed usage (or --help) already
        return exc.code if isinstance(exc.code, int) else 2
    configure_logging(verbose=args.verbose)
    return run_cli(lambda: _run(args), verbose=args.verbose)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with one subcommand per operation."""
    parser = argparse.ArgumentParser(
        prog="python -m day06_sqlite_inventory",
        description="A small inventory in SQLite. With no command: a demo on a temporary database.",
    )
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file (%(default)s)")
    parser.add_argument(
        "--busy-timeout",
        type=_seconds,
        default=DEFAULT_BUSY_TIMEOUT,
        metavar="SECONDS",
        help="how long to wait for another writer (%(default)s)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs, tracebacks")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_item_commands(commands)
    _add_stock_commands(commands)
    _add_file_commands(commands)
    return parser


def _add_item_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = commands.add_parser("add", help="add a new item")
    add.add_argument("sku", help="unique stock-keeping unit, e.g. KB-001")
    add.add_argument("name")
    add.add_argument("--category", required=True)
    add.add_argument("--price", type=_price, required=True, help="unit price, e.g. 12.34")
    add.add_argument("--quantity", type=_whole(0), default=0, help="starting stock (0)")
    add.add_argument("--reorder-level", type=_whole(0), default=0, help="low at or below (0)")
    listing = commands.add_parser("list", help="list items")
    listing.add_argument("--category", help="only this category")
    listing.add_argument("--low-stock", action="store_true", help="only quantity <= reorder level")
    commands.add_parser("show", help="one item and its stock movements").add_argument("sku")
    update = commands.add_parser("update", help="change an item's details")
    update.add_argument("sku")
    update.add_argument("--name")
    update.add_argument("--category")
    update.add_argument("--price", type=_price, help="unit price, e.g. 12.34")
    update.add_argument("--reorder-level", type=_whole(0))
    update.set_defaults(command_parser=update)
    commands.add_parser("remove", help="delete an item and its movements").add_argument("sku")


def _add_stock_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, verb, reason in (("restock", "add to", "restock"), ("sell", "take from", "sale")):
        command = commands.add_parser(name, help=f"{verb} stock (recorded as a movement)")
        command.add_argument("sku")
        command.add_argument("quantity", type=_whole(1))
        command.add_argument("--reason", default=reason, help="why (%(default)s)")
    commands.add_parser("report", help="stock value by category")


def _add_file_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importing = commands.add_parser("import-csv", help="add items from a CSV file, all or none")
    importing.add_argument("file", type=Path)
    exporting = commands.add_parser("export-csv", help="write all items as CSV")
    exporting.add_argument("file", help="a path, or - for standard output")


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "update" and all(getattr(args, f) is None for f in UPDATE_FIELDS):
        args.command_parser.error(
            "give at least one of --name, --category, --price, --reorder-level"
        )
    return args


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        output(run_demo())
        return 0
    writes, handler = COMMANDS[args.command]
    conn = _open(args.db, args.busy_timeout)
    try:
        inventory = Inventory(conn)
        with inventory.transaction(write=writes):
            text = handler(inventory, args)
    finally:
        conn.close()
    if text:
        output(text)  # only after the commit: nothing is reported that did not happen
    return 0


def _open(path: Path, busy_timeout: float) -> sqlite3.Connection:
    conn = connect(path, busy_timeout=busy_timeout)  # creates the file's folder too
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _add(inventory: Inventory, args: argparse.Namespace) -> str:
    item = inventory.add(
        sku=args.sku,
        name=args.name,
        category=args.category,
        quantity=args.quantity,
        unit_price_cents=args.price,
        reorder_level=args.reorder_level,
    )
    price = format_cents(item.unit_price_cents)
    return f"added {item.sku} ({item.name}): {item.quantity} in stock at {price}"


def _list(inventory: Inventory, args: argparse.Namespace) -> str:
    return render_items(inventory.list(category=args.category, low_stock=args.low_stock))


def _show(inventory: Inventory, args: argparse.Namespace) -> str:
    return render_item(inventory.get(args.sku), inventory.movements(args.sku))


def _update(inventory: Inventory, args: argparse.Namespace) -> str:
    item = inventory.update(
        args.sku,
        name=args.name,
        category=args.category,
        unit_price_cents=args.price,
        reorder_level=args.reorder_level,
    )
    return (
        f"updated {item.sku}: {item.name}, {item.category}, {format_cents(item.unit_price_cents)}"
    )


def _remove(inventory: Inventory, args: argparse.Namespace) -> str:
    item = inventory.remove(args.sku)
    return f"removed {item.sku} ({item.name})"


def _restock(inventory: Inventory, args: argparse.Namespace) -> str:
    item = inventory.restock(args.sku, args.quantity, reason=args.reason)
    return f"{item.sku}: {item.quantity - args.quantity} -> {item.quantity} ({args.reason})"


def _sell(inventory: Inventory, args: argparse.Namespace) -> str:
    item = inventory.sell(args.sku, args.quantity, reason=args.reason)
    return f"{item.sku}: {item.quantity + args.quantity} -> {item.quantity} ({args.reason})"


def _report(inventory: Inventory, args: argparse.Namespace) -> str:
    return render_report(inventory.value_by_category())


def _import(inventory: Inventory, args: argparse.Namespace) -> str:
    count = import_csv(inventory, args.file)
    return f"imported {_items(count)} from {args.file}"


def _export(inventory: Inventory, args: argparse.Namespace) -> str:
    if args.file == "-":
        write_csv(inventory.list(), sys.stdout)
        return ""
    count = export_csv(inventory, args.file)
    return f"exported {_items(count)} to {args.file}"


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


COMMANDS: dict[str, tuple[bool, Handler]] = {
    # command: (writes?, handler). Read-only commands still get one consistent snapshot.
    "add": (True, _add),
    "list": (False, _list),
    "show": (False, _show),
    "update": (True, _update),
    "remove": (True, _remove),
    "restock": (True, _restock),
    "sell": (True, _sell),
    "report": (False, _report),
    "import-csv": (True, _import),
    "export-csv": (False, _export),
}


def _price(text: str) -> int:
    try:
        return parse_cents(text)
    except InvalidValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _whole(minimum: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from exc
        if not minimum <= value <= MAX_QUANTITY:
            raise argparse.ArgumentTypeError(f"{value} is not between {minimum} and {MAX_QUANTITY}")
        return value

    convert.__name__ = "whole number"  # argparse names the type in its error message
    return convert


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from exc
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 and 3600 seconds")
    return value
