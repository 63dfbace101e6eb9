"""Inventory reports over day 6's schema: stock value per category and low-stock items.

Money stays in integer cents end to end. `quantity * unit_price_cents` is computed as a
BIGINT: on PostgreSQL two INTEGER columns multiply into an INTEGER, which overflows past
about 21 million (in cents).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from day06_sqlite_inventory import format_cents
from day08_reports.filters import DEFAULT_LIMIT
from day08_reports.models import InventoryItem
from day08_reports.schemas import (
    InventoryValueReport,
    InventoryValueRow,
    LowStockReport,
    LowStockRow,
)


def inventory_value(*, session: Session, category: str | None = None) -> InventoryValueReport:
    """Stock value per category, most valuable first, with the totals."""
    # solution: sum quantity * price (as BIGINT) per category, most valuable first, totals
    value = cast(
        func.sum(cast(InventoryItem.quantity, BigInteger) * InventoryItem.unit_price_cents),
        BigInteger,
    )
    stmt = (
        select(
            InventoryItem.category,
            func.count(InventoryItem.id).label("items"),
            cast(func.sum(InventoryItem.quantity), BigInteger).label("units"),
            value.label("value_cents"),
        )
        .group_by(InventoryItem.category)
        .order_by(value.desc(), InventoryItem.category)
    )
    if category is not None:
        stmt = stmt.where(InventoryItem.category == category)
    rows = [
        InventoryValueRow(**row._mapping, value=format_cents(row.value_cents))
        for row in session.execute(stmt)
    ]
    total = sum(row.value_cents for row in rows)
    return InventoryValueReport(
        category=category,
        items=sum(row.items for row in rows),
        units=sum(row.units for row in rows),
        value_cents=total,
        value=format_cents(total),
        rows=rows,
    )
    # end solution


def low_stock_items(
    *, session: Session, category: str | None = None, limit: int = DEFAULT_LIMIT
) -> LowStockReport:
    """Items at or below their reorder level, the largest shortfall first."""
    # solution: select items at or below their reorder level, largest shortfall first
    shortfall = InventoryItem.reorder_level - InventoryItem.quantity
    stmt = (
        select(
            InventoryItem.id,
            InventoryItem.sku,
            InventoryItem.name,
            InventoryItem.category,
            InventoryItem.quantity,
            InventoryItem.reorder_level,
            shortfall.label("shortfall"),
            func.count().over().label("matching"),  # counted before LIMIT applies
        )
        .where(InventoryItem.quantity <= InventoryItem.reorder_level)
        .order_by(shortfall.desc(), InventoryItem.sku)
        .limit(limit)
    )
    if category is not None:
        stmt = stmt.where(InventoryItem.category == category)
    result = session.execute(stmt).all()
    return LowStockReport(
        category=category,
        total=result[0].matching if result else 0,
        limit=limit,
        rows=[LowStockRow(**row._mapping) for row in result],
    )
    # end solution
