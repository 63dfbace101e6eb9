"""A deterministic generator of realistic sales orders, for the bundled sample, tests and bench.

The same seed and row count always give the same bytes. Regenerate the bundled sample with
`uv run python -m day01_csv_report.sample day01_csv_report/data/sales_orders.csv`.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TextIO

from shared.cli import output

SAMPLE_ROWS = 3_000
HEADER = (
    "order_id", "order_date", "customer", "region", "product", "category", "quantity",
    "unit_price", "discount", "total", "paid", "ship_date", "notes",
)  # fmt: skip
PRODUCTS = (
    ("Desk Lamp", "Home", 24.90), ("Office Chair", "Furniture", 149.00),
    ("Standing Desk", "Furniture", 389.00), ("USB-C Hub", "Electronics", 39.50),
    ("Monitor 27in", "Electronics", 229.99), ("Keyboard", "Electronics", 59.00),
    ("Mouse", "Electronics", 19.99), ("Notebook A5", "Stationery", 4.25),
    ("Gel Pens (10)", "Stationery", 7.80), ("Coffee Beans 1kg", "Grocery", 18.40),
    ("Green Tea", "Grocery", 6.10), ("Water Bottle", "Home", 12.00),
    ("Backpack", "Travel", 64.00), ("Headphones", "Electronics", 99.00),
    ("Plant Pot", "Home", 9.50), ("Bookshelf", "Furniture", 119.00),
)  # fmt: skip
REGIONS = ("North", "South", "East", "West", "Central")
FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Marco",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Wei",
)
LAST = (
    "Silva",
    "Okafor",
    "Müller",
    "Nakamura",
    "García",
    "Novak",
    "Singh",
    "Dubois",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Olsen",
    "Chen",
    "Murphy",
    "Ivanova",
    "Costa",
    "Berg",
    "Khan",
)
NOTES = (
    "Leave at the door, please",
    'Gift wrap, card says "Happy birthday!"',
    "Call before delivery\nGate code 4412",
    "Fragile; handle with care",
    "Deliver after 5pm",
)
FIRST_DAY = date(2023, 1, 1)


def _row(rng: random.Random, order_id: int) -> list[str]:
    """One order; about one cell in twenty is missing, as in real exports."""
    product, category, base = PRODUCTS[rng.randrange(len(PRODUCTS))]
    ordered = FIRST_DAY + timedelta(days=rng.randrange(1_096))
    quantity = min(int(rng.expovariate(0.45)) + 1, 12)
    price = round(base * rng.uniform(0.9, 1.1), 2)
    discount = rng.choice((0.0, 0.0, 0.0, 0.05, 0.1, 0.15))
    total = f"{quantity * price * (1 - discount):.2f}"
    shipped = "" if rng.random() < 0.08 else str(ordered + timedelta(days=rng.randrange(1, 9)))
    return [
        str(order_id),
        str(ordered),
        f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}",
        "" if rng.random() < 0.01 else REGIONS[rng.randrange(len(REGIONS))],
        product,
        category,
        "" if rng.random() < 0.02 else str(quantity),
        f"{price:.2f}",
        "" if rng.random() < 0.2 else f"{discount:.2f}",
        total,
        "true" if rng.random() < 0.9 else "false",
        shipped,
        NOTES[rng.randrange(len(NOTES))] if rng.random() < 0.03 else "",
    ]


def sales_rows(rows: int, *, seed: int = 1) -> Iterator[list[str]]:
    """The header, then `rows` orders."""
    rng = random.Random(seed)
    yield list(HEADER)
    for order_id in range(100_001, 100_001 + rows):
        yield _row(rng, order_id)


def write_sales_csv(target: TextIO, *, rows: int = SAMPLE_ROWS, seed: int = 1) -> None:
    """Write the header and `rows` orders as CSV (LF line ends) to a stream opened newline=""."""
    csv.writer(target, lineterminator="\n").writerows(sales_rows(rows, seed=seed))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m day01_csv_report.sample PATH [--rows N] [--seed S]`: write a sample file."""
    parser = argparse.ArgumentParser(prog="python -m day01_csv_report.sample")
    parser.add_argument("path", help="where to write the CSV file")
    parser.add_argument("--rows", type=int, default=SAMPLE_ROWS, help="orders to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same file)")
    args = parser.parse_args(argv)
    with open(args.path, "w", encoding="utf-8", newline="") as target:
        write_sales_csv(target, rows=args.rows, seed=args.seed)
    output(f"wrote {args.rows:,} orders to {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
