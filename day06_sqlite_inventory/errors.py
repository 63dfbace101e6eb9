"""The inventory's errors: one small hierarchy, each mapped to an exit code by the CLI.

Exit codes follow DESIGN.md: 2 when the request itself is wrong (a bad price, a malformed CSV
file, a missing input file), 1 when a well-formed request is refused by the data or the
database (unknown or duplicate sku, not enough stock, a database locked by another writer).
"""

from __future__ import annotations

from shared.cli import CourseError, UsageError


class InventoryError(CourseError):
    """Base class: a request the inventory refused (exit code 1)."""


class InvalidValueError(UsageError, InventoryError):
    """A value that can never be valid: an empty name, a negative quantity, "12.345" (exit 2)."""


class UnknownSkuError(InventoryError):
    """No item has this sku."""

    def __init__(self, sku: str) -> None:
        super().__init__(f"unknown sku {sku!r}", hint="`list` shows the skus in stock")
        self.sku = sku


class DuplicateSkuError(InventoryError):
    """An item with this sku already exists; skus are unique."""

    def __init__(self, sku: str) -> None:
        super().__init__(
            f"an item with sku {sku!r} already exists", hint="use `update` to change it"
        )
        self.sku = sku


class InsufficientStockError(InventoryError):
    """Selling more units than are in stock; the quantity never goes below zero."""

    def __init__(self, sku: str, *, requested: int, available: int) -> None:
        super().__init__(
            f"cannot sell {requested} of {sku!r}: only {available} in stock",
            hint="restock first or sell fewer",
        )
        self.sku = sku
        self.requested = requested
        self.available = available


class CsvFormatError(UsageError, InventoryError):
    """A CSV file the importer cannot read; the message names the line (exit 2)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        where = f"line {line}: " if line is not None else ""
        super().__init__(where + message, hint="nothing was imported; fix the file and retry")
        self.line = line


class FileAccessError(UsageError, InventoryError):
    """A CSV file that cannot be read or written: missing, a directory, no permission (exit 2)."""


class DatabaseBusyError(InventoryError):
    """Another connection held the write lock for longer than the busy timeout."""


class StorageError(InventoryError):
    """The database file cannot be opened or used (not a database, no permission, too new)."""
