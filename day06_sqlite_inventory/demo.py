"""The no-argument demo: a few items in a temporary database, then the list and the report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from day06_sqlite_inventory.inventory import Inventory
from day06_sqlite_inventory.schema import connect, migrate
from day06_sqlite_inventory.views import render_items, render_report

DEMO_ITEMS = (
    # sku, name, category, quantity, unit price in cents, reorder level
    ("KB-001", "Mechanical keyboard", "peripherals", 12, 7990, 5),
    ("MS-002", "Wireless mouse", "peripherals", 6, 2450, 5),
    ("CB-003", "USB-C cable", "cables", 40, 999, 10),
    ("MN-004", "27-inch monitor", "displays", 4, 28900, 2),
)


def seed(inventory: Inventory) -> None:
    """Add the demo items and a few sales and restocks, in one transaction."""
    with inventory.transaction():
        for sku, name, category, quantity, price, reorder in DEMO_ITEMS:
            inventory.add(
                sku=sku,
                name=name,
                category=category,
                quantity=quantity,
                unit_price_cents=price,
                reorder_level=reorder,
            )
        inventory.sell("KB-001", 2)
        inventory.sell("MS-002", 3)
        inventory.restock("CB-003", 10, reason="supplier delivery")


def run_demo() -> str:
    """Seed a throw-away database and return what `list` and `report` would print."""
    with tempfile.TemporaryDirectory(prefix="inventory-demo-") as folder:
        conn = connect(Path(folder) / "demo.db")
        try:
            migrate(conn)
            inventory = Inventory(conn)
            seed(inventory)
            with inventory.transaction(write=False):
                listing = render_items(inventory.list())
                report = render_report(inventory.value_by_category())
        finally:
            conn.close()
    return "\n".join(
        [
            "Demo: a temporary database (deleted afterwards) with four items.",
            "",
            "$ list",
            listing,
            "",
            "$ report",
            report,
            "",
            "Your own inventory: uv run python -m day06_sqlite_inventory add --help",
        ]
    )
