"""CSV export and all-or-nothing import of items.

Columns: sku, name, category, quantity, unit_price (a decimal string such as 12.34),
reorder_level, created_at, updated_at. On import the last three are optional; every row is
checked before the first insert, and all inserts share one transaction.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from day06_sqlite_inventory.errors import (
    CsvFormatError,
    DuplicateSkuError,
    FileAccessError,
    InvalidValueError,
)
from day06_sqlite_inventory.inventory import Inventory
from day06_sqlite_inventory.models import Item
from day06_sqlite_inventory.money import format_cents, parse_cents

CSV_COLUMNS = (
    "sku",
    "name",
    "category",
    "quantity",
    "unit_price",
    "reorder_level",
    "created_at",
    "updated_at",
)
REQUIRED_COLUMNS = frozenset(CSV_COLUMNS[:5])


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    fields: dict[str, str]


def write_csv(items: Iterable[Item], stream: TextIO) -> int:
    """Write items as CSV to an open text stream; return how many."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for item in items:
        writer.writerow(
            [
                item.sku,
                item.name,
                item.category,
                item.quantity,
                format_cents(item.unit_price_cents),
                item.reorder_level,
                item.created_at,
                item.updated_at,
            ]
        )
        count += 1
    return count


def export_csv(inventory: Inventory, path: str | Path) -> int:
    """Write every item to `path` atomically (a temporary file, then a rename); return count."""
    target = Path(path)
    with inventory.transaction(write=False):
        items = inventory.list()
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".csv")
    except OSError as exc:
        raise FileAccessError(f"cannot write {str(target)!r}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            count = write_csv(items, stream)
        os.replace(temporary, target)
    except OSError as exc:
        raise FileAccessError(f"cannot write {str(target)!r}: {exc.strerror}") from exc
    finally:
        if os.path.exists(temporary):  # a failed export leaves nothing behind
            os.unlink(temporary)
    return count


def import_csv(inventory: Inventory, path: str | Path) -> int:
    """Add every row of the CSV file as a new item, or none of them; return the count."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            rows = read_rows(stream)
    except OSError as exc:
        raise FileAccessError(f"cannot read {str(path)!r}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CsvFormatError(f"{str(path)!r} is not UTF-8 text: {exc.reason}") from exc
    with inventory.transaction():
        for row in rows:
            _add_row(inventory, row)
    return len(rows)


def read_rows(stream: TextIO) -> list[_Row]:
    """Parse and check the header and the shape of every row, before any insert."""
    reader = csv.DictReader(stream, restkey="\x00extra", strict=True)
    try:
        header = reader.fieldnames
        if not header:
            raise CsvFormatError("the file is empty; expected a header row", line=1)
        _check_header([name.strip() for name in header])
        rows = [_Row(reader.line_num, _fields(record, reader.line_num)) for record in reader]
    except csv.Error as exc:
        raise CsvFormatError(f"unreadable CSV: {exc}", line=reader.line_num) from exc
    return rows


def _check_header(header: list[str]) -> None:
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise CsvFormatError(f"column(s) {', '.join(repeated)} appear twice in the header", line=1)
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        raise CsvFormatError(f"missing column(s) {', '.join(missing)} in the header", line=1)
    unknown = sorted(set(header) - set(CSV_COLUMNS))
    if unknown:
        raise CsvFormatError(f"unknown column(s) {', '.join(unknown)} in the header", line=1)


def _fields(record: dict[str, str | None], line: int) -> dict[str, str]:
    if "\x00extra" in record:
        raise CsvFormatError("more fields than the header has columns", line=line)
    if any(value is None for value in record.values()):
        raise CsvFormatError("fewer fields than the header has columns", line=line)
    return {key.strip(): (value or "").strip() for key, value in record.items()}


def _add_row(inventory: Inventory, row: _Row) -> None:
    fields = row.fields
    try:
        inventory.add(
            sku=fields["sku"],
            name=fields["name"],
            category=fields["category"],
            quantity=_whole(fields, "quantity"),
            unit_price_cents=parse_cents(fields["unit_price"]),
            reorder_level=_whole(fields, "reorder_level"),
            created_at=_moment(fields, "created_at"),
            updated_at=_moment(fields, "updated_at"),
        )
    except (CsvFormatError, InvalidValueError, DuplicateSkuError) as exc:
        raise CsvFormatError(str(exc), line=row.line) from exc


def _whole(fields: dict[str, str], column: str) -> int:
    text = fields.get(column, "") or "0"
    try:
        return int(text)
    except ValueError as exc:
        raise CsvFormatError(f"{column} {text!r} is not a whole number") from exc


def _moment(fields: dict[str, str], column: str) -> datetime | None:
    text = fields.get(column, "")
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise CsvFormatError(f"{column} {text!r} is not an ISO-8601 time") from exc
