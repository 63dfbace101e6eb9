"""The schema: migrations by user_version, pragmas, and constraints the database enforces."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from day06_sqlite_inventory import (
    MIGRATIONS,
    SCHEMA_SQL,
    SCHEMA_VERSION,
    StorageError,
    connect,
    migrate,
    transaction,
)


def user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def test_migrate_creates_the_schema_and_records_its_version(db_path: Path) -> None:
    conn = connect(db_path)
    assert migrate(conn) == 0, "a new file starts at version 0"
    assert user_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"items", "movements"} <= tables
    assert migrate(conn) == SCHEMA_VERSION, "migrating again is a no-op"
    conn.close()


def test_migrate_upgrades_an_older_database_step_by_step(db_path: Path) -> None:
    conn = connect(db_path)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    assert migrate(conn) == 1
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_items_category" in indexes, "step 2 adds the category index"
    conn.close()


def test_a_database_from_a_newer_program_is_refused(db_path: Path) -> None:
    conn = connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer than this program"):
        migrate(conn)
    conn.close()


def test_connect_turns_on_foreign_keys_and_wal(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_schema_sql_creates_the_same_schema_in_one_script() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA_SQL)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(items)")]
    assert columns == [
        "id",
        "sku",
        "name",
        "category",
        "quantity",
        "unit_price_cents",
        "reorder_level",
        "created_at",
        "updated_at",
    ], "day 8 maps these columns: keep them stable"
    conn.close()


INSERT = (
    "INSERT INTO items (sku, name, category, quantity, unit_price_cents, created_at, updated_at)"
    " VALUES (?, 'n', 'c', ?, ?, 't', 't')"
)


@pytest.mark.parametrize(
    ("quantity", "price"), [(-1, 100), (1, -100)], ids=["negative-quantity", "negative-price"]
)
def test_check_constraints_reject_negative_values_even_from_raw_sql(
    conn: sqlite3.Connection, quantity: int, price: int
) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute(INSERT, ("X", quantity, price))


def test_unique_sku_and_foreign_keys_are_enforced(conn: sqlite3.Connection) -> None:
    conn.execute(INSERT, ("X", 1, 1))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(INSERT, ("X", 1, 1))
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute(
            "INSERT INTO movements (item_id, delta, reason, created_at) VALUES (999, 1, 'r', 't')"
        )


def test_transaction_rolls_back_everything_on_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        conn.execute(INSERT, ("A", 1, 1))
        conn.execute(INSERT, ("A", 1, 1))  # duplicate: the whole block goes
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0
    assert not conn.in_transaction


def test_nested_transaction_undoes_only_the_inner_block(conn: sqlite3.Connection) -> None:
    with transaction(conn):
        conn.execute(INSERT, ("A", 1, 1))
        with pytest.raises(sqlite3.IntegrityError), transaction(conn):
            conn.execute(INSERT, ("B", 1, 1))
            conn.execute(INSERT, ("A", 1, 1))
    skus = [r[0] for r in conn.execute("SELECT sku FROM items")]
    assert skus == ["A"], "the savepoint rolled back B; the outer transaction kept A"


def test_connect_creates_the_missing_folder_as_the_readme_snippet_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`connect("var/inventory.db")` works in a fresh clone, where var/ does not exist yet."""
    monkeypatch.chdir(tmp_path)
    conn = connect("var/inventory.db")
    try:
        migrate(conn)
    finally:
        conn.close()
    assert (tmp_path / "var" / "inventory.db").is_file()


def test_connect_to_a_folder_that_cannot_be_created_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(StorageError, match="cannot create folder"):
        connect(tmp_path / "taken" / "inventory.db")


def test_connect_in_memory_needs_no_folder() -> None:
    conn = connect(":memory:")
    try:
        assert migrate(conn) == 0
    finally:
        conn.close()
