"""The repository: every inventory operation as a method over one sqlite3 connection.

Each write method is atomic on its own (a transaction, or a savepoint when the caller has
already opened one with `transaction()`), and every query is parameterised: values travel
separately from the SQL text, so a name like `'); DROP TABLE items;--` is only ever data.
"""

from __future__ import annotations

import builtins
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from day06_sqlite_inventory.errors import (
    DuplicateSkuError,
    InsufficientStockError,
    InvalidValueError,
    UnknownSkuError,
)
from day06_sqlite_inventory.models import ITEM_COLUMNS, CategoryValue, Item, Movement
from day06_sqlite_inventory.money import MAX_PRICE_CENTS
from day06_sqlite_inventory.schema import transaction

logger = logging.getLogger(__name__)

MAX_QUANTITY = 1_000_000_000


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


def to_timestamp(moment: datetime) -> str:
    """Format a time as stored: ISO-8601 in UTC with microseconds; naive times count as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Inventory:
    """Items and their stock movements, stored in the database behind `conn`."""

    def __init__(
        self, conn: sqlite3.Connection, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._conn = conn
        self._clock = clock

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[None]:
        """Group several calls into one all-or-nothing transaction."""
        with transaction(self._conn, write=write):
            yield

    def add(
        self,
        *,
        sku: str,
        name: str,
        category: str,
        unit_price_cents: int,
        quantity: int = 0,
        reorder_level: int = 0,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> Item:
        """Create an item; a positive starting quantity is recorded as a movement."""
        created = to_timestamp(created_at or self._clock())
        values: dict[str, Any] = {
            "sku": _text("sku", sku),
            "name": _text("name", name),
            "category": _text("category", category),
            "quantity": _count("quantity", quantity, minimum=0),
            "unit_price_cents": _count("price", unit_price_cents, 0, limit=MAX_PRICE_CENTS),
            "reorder_level": _count("reorder level", reorder_level, minimum=0),
            "created_at": created,
            "updated_at": to_timestamp(updated_at) if updated_at else created,
        }
        # solution: in one transaction: insert the item, record a starting quantity as a movement
        with transaction(self._conn):
            item_id = self._insert_item(values)
            if quantity:
                self._record(item_id, quantity, "initial stock", at=created)
            return self._get(values["sku"])
        # end solution

    def get(self, sku: str) -> Item:
        """The item with this sku, or UnknownSkuError."""
        return self._get(sku)

    def list(self, *, category: str | None = None, low_stock: bool = False) -> builtins.list[Item]:
        """Items ordered by sku, optionally of one category and/or at or below reorder level."""
        # solution: build the SELECT with ? parameters for the filters, ordered by sku
        sql = f"SELECT {ITEM_COLUMNS} FROM items WHERE 1 = 1"
        params: builtins.list[Any] = []
        if category is not None:
            sql += " AND category = ?"
            params.append(category)
        if low_stock:
            sql += " AND quantity <= reorder_level"
        return [Item.from_row(row) for row in self._rows(sql + " ORDER BY sku", params)]
        # end solution

    def update(
        self,
        sku: str,
        *,
        name: str | None = None,
        category: str | None = None,
        unit_price_cents: int | None = None,
        reorder_level: int | None = None,
    ) -> Item:
        """Change an item's details (stock changes go through restock and sell)."""
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = _text("name", name)
        if category is not None:
            changes["category"] = _text("category", category)
        if unit_price_cents is not None:
            changes["unit_price_cents"] = _count("price", unit_price_cents, 0, MAX_PRICE_CENTS)
        if reorder_level is not None:
            changes["reorder_level"] = _count("reorder level", reorder_level, minimum=0)
        if not changes:
            raise InvalidValueError("nothing to update", hint="give at least one field to change")
        changes["updated_at"] = to_timestamp(self._clock())
        # Column names come from the fixed keys above, never from the caller: only values vary.
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with transaction(self._conn):
            self._get(sku)
            self._conn.execute(
                f"UPDATE items SET {assignments} WHERE sku = ?", [*changes.values(), sku]
            )
            return self._get(sku)

    def remove(self, sku: str) -> Item:
        """Delete an item and (by ON DELETE CASCADE) its movements; return what was removed."""
        with transaction(self._conn):
            item = self._get(sku)
            self._conn.execute("DELETE FROM items WHERE id = ?", (item.id,))
            return item

    def restock(self, sku: str, quantity: int, *, reason: str = "restock") -> Item:
        """Add units to stock and record why."""
        return self._move(sku, _count("quantity", quantity, minimum=1), reason)

    def sell(self, sku: str, quantity: int, *, reason: str = "sale") -> Item:
        """Take units out of stock; InsufficientStockError if there are not enough."""
        return self._move(sku, -_count("quantity", quantity, minimum=1), reason)

    def movements(self, sku: str) -> builtins.list[Movement]:
        """The item's stock movements, oldest first."""
        item = self._get(sku)
        rows = self._rows(
            "SELECT id, item_id, delta, reason, created_at FROM movements"
            " WHERE item_id = ? ORDER BY id",
            (item.id,),
        )
        return [Movement(**dict(zip(row.keys(), row, strict=True))) for row in rows]

    def value_by_category(self) -> builtins.list[CategoryValue]:
        """Items, units and stock value (quantity x unit price) per category."""
        # solution: one GROUP BY query: items, units and quantity x price per category
        rows = self._rows(
            "SELECT category, COUNT(*) AS items, SUM(quantity) AS units,"
            " SUM(quantity * unit_price_cents) AS value_cents"
            " FROM items GROUP BY category ORDER BY category",
            (),
        )
        # end solution
        return [CategoryValue(**dict(zip(row.keys(), row, strict=True))) for row in rows]

    def _move(self, sku: str, delta: int, reason: str) -> Item:
        reason = _text("reason", reason)
        with transaction(self._conn):
            # solution: keep stock within 0..MAX_QUANTITY, update it, record the movement
            item = self._get(sku)
            if item.quantity + delta < 0:
                raise InsufficientStockError(sku, requested=-delta, available=item.quantity)
            if item.quantity + delta > MAX_QUANTITY:
                raise InvalidValueError(f"{sku!r} would hold more than {MAX_QUANTITY} units")
            now = to_timestamp(self._clock())
            self._conn.execute(
                "UPDATE items SET quantity = quantity + ?, updated_at = ? WHERE id = ?",
                (delta, now, item.id),
            )
            self._record(item.id, delta, reason, at=now)
            # end solution
            logger.debug("%s %+d (%s)", sku, delta, reason)
            return self._get(sku)

    def _insert_item(self, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        try:
            cursor = self._conn.execute(
                f"INSERT INTO items ({columns}) VALUES ({marks})", list(values.values())
            )
        except sqlite3.IntegrityError as exc:
            if "items.sku" in str(exc):
                raise DuplicateSkuError(values["sku"]) from exc
            raise
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _record(self, item_id: int, delta: int, reason: str, *, at: str) -> None:
        self._conn.execute(
            "INSERT INTO movements (item_id, delta, reason, created_at) VALUES (?, ?, ?, ?)",
            (item_id, delta, reason, at),
        )

    def _get(self, sku: str) -> Item:
        # solution: select the item by sku (a ? parameter); UnknownSkuError when there is none
        rows = self._rows(f"SELECT {ITEM_COLUMNS} FROM items WHERE sku = ?", (sku,))
        if not rows:
            raise UnknownSkuError(sku)
        # end solution
        return Item.from_row(rows[0])

    def _rows(self, sql: str, params: Any) -> builtins.list[sqlite3.Row]:
        cursor = self._conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()


def _text(field: str, value: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise InvalidValueError(f"{field} must not be empty")
    return cleaned


def _count(field: str, value: int, minimum: int, limit: int = MAX_QUANTITY) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"{field} must be a whole number, not {value!r}")
    if not minimum <= value <= limit:
        raise InvalidValueError(f"{field} must be between {minimum} and {limit}, not {value}")
    return value
