"""The rows as Python values: an item, a stock movement, a category's stock value."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """One row of `items`. Money is integer cents; times are ISO-8601 UTC strings."""

    id: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_cents: int
    reorder_level: int
    created_at: str
    updated_at: str

    @property
    def value_cents(self) -> int:
        """What the units in stock are worth."""
        return self.quantity * self.unit_price_cents

    @property
    def is_low_stock(self) -> bool:
        """True when it is time to reorder: quantity at or below the reorder level."""
        return self.quantity <= self.reorder_level

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Item:
        """Build an Item from a row selected with ITEM_COLUMNS."""
        return cls(**{key: row[key] for key in row.keys()})


@dataclass(frozen=True, slots=True)
class Movement:
    """One row of `movements`: a change of stock (positive in, negative out) and why."""

    id: int
    item_id: int
    delta: int
    reason: str
    created_at: str


@dataclass(frozen=True, slots=True)
class CategoryValue:
    """One line of the stock-value report."""

    category: str
    items: int
    units: int
    value_cents: int


ITEM_COLUMNS = (
    "id, sku, name, category, quantity, unit_price_cents, reorder_level, created_at, updated_at"
)
