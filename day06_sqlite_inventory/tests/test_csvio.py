"""CSV export and import: an exact round trip, and all-or-nothing import naming the line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from day06_sqlite_inventory import (
    CsvFormatError,
    FileAccessError,
    Inventory,
    Item,
    connect,
    export_csv,
    import_csv,
    migrate,
)

HEADER = "sku,name,category,quantity,unit_price\n"


def without_id(items: list[Item]) -> list[Item]:
    return [dataclasses.replace(item, id=0) for item in items]


def fresh_inventory(path: Path) -> Inventory:
    conn = connect(path)
    migrate(conn)
    return Inventory(conn)


def test_export_then_import_into_a_fresh_database_gives_identical_items(
    inventory: Inventory, tmp_path: Path
) -> None:
    inventory.add(sku="A-1", name="Apple", category="fruit", unit_price_cents=50, quantity=3)
    inventory.add(
        sku="Q-1",
        name='Quote "this", and, commas\nnew line',
        category="odd",
        unit_price_cents=123456,
        reorder_level=7,
    )
    inventory.update("A-1", name="Green apple")  # updated_at now differs from created_at
    target = tmp_path / "items.csv"
    assert export_csv(inventory, target) == 2
    copy = fresh_inventory(tmp_path / "copy.db")
    assert import_csv(copy, target) == 2
    assert without_id(copy.list()) == without_id(inventory.list()), (
        "every field, timestamps included, must survive the round trip (ids are surrogates)"
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: the file is empty"),
        ("sku,name\n", "line 1: missing column(s) category, quantity, unit_price"),
        (HEADER.strip() + ",colour\n", "line 1: unknown column(s) colour"),
        (HEADER.strip() + ",sku\n", "line 1: column(s) sku appear twice"),
        (HEADER + "A,Apple,fruit,1,0.5\nB,Banana,fruit,1\n", "line 3: fewer fields"),
        (HEADER + "A,Apple,fruit,1,0.5,extra\n", "line 2: more fields"),
        (HEADER + "A,Apple,fruit,1.5,0.5\n", "line 2: quantity '1.5' is not a whole number"),
        (HEADER + "A,Apple,fruit,1,cheap\n", "line 2: price 'cheap' is not a number"),
        (HEADER + "A,Apple,fruit,-1,0.5\n", "line 2: quantity must be between"),
        (HEADER + ",Apple,fruit,1,0.5\n", "line 2: sku must not be empty"),
        (HEADER + "A,Apple,fruit,1,0.5\nA,Again,fruit,1,0.5\n", "line 3: an item with sku 'A'"),
        (
            HEADER.strip() + ",created_at\nA,Apple,fruit,1,0.5,yesterday\n",
            "line 2: created_at 'yesterday' is not an ISO-8601 time",
        ),
        ('sku,name,category,quantity,unit_price\n"A,Apple\n', "unreadable CSV"),
    ],
)
def test_a_bad_file_is_refused_whole_with_the_line_named(
    inventory: Inventory, tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(CsvFormatError) as caught:
        import_csv(inventory, write(tmp_path, text))
    assert message in str(caught.value)
    assert inventory.list() == [], "import is all-or-nothing: no row of a bad file is kept"


def test_import_accepts_a_byte_order_mark_and_optional_columns(
    inventory: Inventory, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER + "A-1,Apple,fruit,,0.50\n\nB-1,Bean,veg,4,1\n").encode())
    assert import_csv(inventory, path) == 2
    apple = inventory.get("A-1")
    assert (apple.quantity, apple.unit_price_cents, apple.reorder_level) == (0, 50, 0)
    assert [m.reason for m in inventory.movements("B-1")] == ["initial stock"]


def test_import_of_a_file_that_is_not_utf8_is_refused(inventory: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "A,Café,x,1,1\n").encode("latin-1"))
    with pytest.raises(CsvFormatError, match="not UTF-8"):
        import_csv(inventory, path)


def test_export_to_an_unwritable_place_fails_cleanly(inventory: Inventory, tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="cannot write"):
        export_csv(inventory, tmp_path / "no-such-folder" / "out.csv")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(FileAccessError, match="cannot write"):
        export_csv(inventory, folder)  # the final rename onto a folder fails
    assert list(tmp_path.glob("**/.export-*")) == [], "no temporary file is left behind"
