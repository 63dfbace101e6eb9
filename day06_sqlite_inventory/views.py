"""Plain-text views of items, an item's history and the stock-value report."""

from __future__ import annotations

from collections.abc import Sequence

from day06_sqlite_inventory.models import CategoryValue, Item, Movement
from day06_sqlite_inventory.money import format_cents


def render_items(items: Sequence[Item]) -> str:
    """A table of items, with LOW marking those at or below their reorder level."""
    if not items:
        return "no items match"
    headers = ("SKU", "NAME", "CATEGORY", "QTY", "REORDER", "PRICE", "VALUE", "")
    rows = [
        (
            item.sku,
            item.name,
            item.category,
            str(item.quantity),
            str(item.reorder_level),
            format_cents(item.unit_price_cents),
            format_cents(item.value_cents),
            "LOW" if item.is_low_stock else "",
        )
        for item in items
    ]
    return _table(headers, rows, right={3, 4, 5, 6})


def render_item(item: Item, movements: Sequence[Movement]) -> str:
    """One item's details followed by its stock movements."""
    lines = [
        f"sku:           {item.sku}",
        f"name:          {item.name}",
        f"category:      {item.category}",
        f"quantity:      {item.quantity}" + ("  (low stock)" if item.is_low_stock else ""),
        f"reorder level: {item.reorder_level}",
        f"unit price:    {format_cents(item.unit_price_cents)}",
        f"stock value:   {format_cents(item.value_cents)}",
        f"created:       {item.created_at}",
        f"updated:       {item.updated_at}",
        f"movements:     {len(movements)}",
    ]
    lines += [f"  {m.created_at}  {m.delta:+d}  {m.reason}" for m in movements]
    return "\n".join(lines)


def render_report(lines: Sequence[CategoryValue]) -> str:
    """Stock value by category, with a total line."""
    if not lines:
        return "no items yet"
    headers = ("CATEGORY", "ITEMS", "UNITS", "VALUE")
    rows = [
        (line.category, str(line.items), str(line.units), format_cents(line.value_cents))
        for line in lines
    ]
    total = (
        "TOTAL",
        str(sum(line.items for line in lines)),
        str(sum(line.units for line in lines)),
        format_cents(sum(line.value_cents for line in lines)),
    )
    return _table(headers, [*rows, total], right={1, 2, 3})


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return "\n".join(line(row) for row in [headers, *rows])
