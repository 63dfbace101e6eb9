"""Day 6: a small inventory database with the standard library's sqlite3.

Items with unique skus and integer-cent prices, a movements table recording every stock change,
schema migrations by `PRAGMA user_version`, and a CLI whose every command is one transaction.
Day 8 reports on this schema: see README.md, "The schema".
"""

from day06_sqlite_inventory.cli import main
from day06_sqlite_inventory.csvio import CSV_COLUMNS, export_csv, import_csv, write_csv
from day06_sqlite_inventory.errors import (
    CsvFormatError,
    DatabaseBusyError,
    DuplicateSkuError,
    FileAccessError,
    InsufficientStockError,
    InvalidValueError,
    InventoryError,
    StorageError,
    UnknownSkuError,
)
from day06_sqlite_inventory.inventory import MAX_QUANTITY, Inventory, to_timestamp, utc_now
from day06_sqlite_inventory.models import CategoryValue, Item, Movement
from day06_sqlite_inventory.money import MAX_PRICE_CENTS, format_cents, parse_cents
from day06_sqlite_inventory.schema import (
    MIGRATIONS,
    SCHEMA_SQL,
    SCHEMA_VERSION,
    connect,
    migrate,
    transaction,
)

__all__ = [
    "CSV_COLUMNS",
    "MAX_PRICE_CENTS",
    "MAX_QUANTITY",
    "MIGRATIONS",
    "SCHEMA_SQL",
    "SCHEMA_VERSION",
    "CategoryValue",
    "CsvFormatError",
    "DatabaseBusyError",
    "DuplicateSkuError",
    "FileAccessError",
    "InsufficientStockError",
    "InvalidValueError",
    "Inventory",
    "InventoryError",
    "Item",
    "Movement",
    "StorageError",
    "UnknownSkuError",
    "connect",
    "export_csv",
    "format_cents",
    "import_csv",
    "main",
    "migrate",
    "parse_cents",
    "to_timestamp",
    "transaction",
    "utc_now",
    "write_csv",
]
