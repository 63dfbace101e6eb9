"""Every command through `main([...])`: output, exit codes, and one-line errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from day06_sqlite_inventory import main
from day06_sqlite_inventory.tests.helpers import Cli, add_keyboard


def quantity_of(db_path: Path, sku: str) -> int:
    """Read a quantity straight from the file, bypassing the code under test."""
    with sqlite3.connect(db_path) as conn:
        value: int = conn.execute("SELECT quantity FROM items WHERE sku = ?", (sku,)).fetchone()[0]
    return value


def movement_count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM movements").fetchone()[0]
    return count


def assert_one_error_line(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"an error should be one stderr line, got:\n{err}"
    assert lines[0].startswith("error: "), f"errors start with 'error: ', got {lines[0]!r}"
    for fragment in fragments:
        assert fragment in lines[0], f"the error should mention {fragment!r}: {lines[0]!r}"


def test_add_reports_the_new_item_and_list_shows_it(cli: Cli) -> None:
    result = add_keyboard(cli)
    assert result.out == "added KB-1 (Keyboard): 10 in stock at 79.90\n"
    listing = cli("list")
    assert listing.code == 0
    assert "KB-1" in listing.out and "Keyboard" in listing.out and "799.00" in listing.out


def test_add_duplicate_sku_fails_with_exit_1_and_changes_nothing(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    result = cli("add", "KB-1", "Other", "--category", "x", "--price", "1")
    assert result.code == 1, "a duplicate sku is refused by the data: exit 1"
    assert_one_error_line(result.err, "'KB-1'", "already exists")
    assert quantity_of(db_path, "KB-1") == 10
    assert movement_count(db_path) == 1, "only the first add's 'initial stock' movement exists"


@pytest.mark.parametrize(
    ("option", "value"),
    [("--price", "12.345"), ("--price", "abc"), ("--price", "-1"), ("--quantity", "-1")],
)
def test_add_with_an_invalid_value_is_a_usage_error(cli: Cli, option: str, value: str) -> None:
    args = ["add", "X-1", "Thing", "--category", "misc", "--price", "1.00", option, value]
    result = cli(*args)
    assert result.code == 2, f"{option} {value} is a usage error: exit 2"
    assert f"argument {option}" in result.err, "argparse should name the bad option"


def test_add_with_a_blank_name_is_a_usage_error(cli: Cli) -> None:
    result = cli("add", "X-1", "   ", "--category", "misc", "--price", "1")
    assert result.code == 2
    assert_one_error_line(result.err, "name must not be empty")


def test_show_prints_details_and_movement_history(cli: Cli) -> None:
    add_keyboard(cli)
    cli("sell", "KB-1", "4", "--reason", "web order 17")
    result = cli("show", "KB-1")
    assert result.code == 0
    assert "quantity:      6" in result.out
    assert "+10  initial stock" in result.out and "-4  web order 17" in result.out


@pytest.mark.parametrize(
    "args",
    [
        ["show", "NOPE"],
        ["update", "NOPE", "--name", "x"],
        ["remove", "NOPE"],
        ["restock", "NOPE", "1"],
        ["sell", "NOPE", "1"],
    ],
    ids=["show", "update", "remove", "restock", "sell"],
)
def test_unknown_sku_fails_with_exit_1(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 1, f"{args[0]} of an unknown sku should exit 1"
    assert_one_error_line(result.err, "unknown sku 'NOPE'")


def test_update_changes_only_the_given_fields(cli: Cli) -> None:
    add_keyboard(cli)
    result = cli("update", "KB-1", "--name", "Quiet keyboard", "--price", "65")
    assert result.code == 0
    assert result.out == "updated KB-1: Quiet keyboard, peripherals, 65.00\n"
    shown = cli("show", "KB-1").out
    assert "reorder level: 3" in shown and "quantity:      10" in shown


def test_update_category_and_reorder_level(cli: Cli) -> None:
    add_keyboard(cli)
    assert cli("update", "KB-1", "--category", "input", "--reorder-level", "12").code == 0
    assert "KB-1" in cli("list", "--category", "input", "--low-stock").out


def test_update_without_fields_is_a_usage_error(cli: Cli) -> None:
    add_keyboard(cli)
    result = cli("update", "KB-1")
    assert result.code == 2
    assert "give at least one of --name" in result.err


def test_remove_deletes_the_item_and_its_movements(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    result = cli("remove", "KB-1")
    assert (result.code, result.out) == (0, "removed KB-1 (Keyboard)\n")
    assert cli("list").out == "no items match\n"
    assert movement_count(db_path) == 0, "ON DELETE CASCADE removes the item's movements"


def test_restock_adds_stock_and_records_the_reason(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    result = cli("restock", "KB-1", "5", "--reason", "delivery 42")
    assert (result.code, result.out) == (0, "KB-1: 10 -> 15 (delivery 42)\n")
    assert quantity_of(db_path, "KB-1") == 15
    assert movement_count(db_path) == 2


def test_sell_takes_stock_out(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    result = cli("sell", "KB-1", "10")
    assert (result.code, result.out) == (0, "KB-1: 10 -> 0 (sale)\n")
    assert quantity_of(db_path, "KB-1") == 0, "selling everything leaves exactly zero"


def test_selling_more_than_in_stock_fails_and_writes_nothing(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    result = cli("sell", "KB-1", "11")
    assert result.code == 1
    assert_one_error_line(result.err, "cannot sell 11 of 'KB-1'", "only 10 in stock")
    assert quantity_of(db_path, "KB-1") == 10
    assert movement_count(db_path) == 1, "a refused sale records no movement"


@pytest.mark.parametrize("quantity", ["0", "-2", "two"])
def test_sell_needs_a_positive_whole_quantity(cli: Cli, quantity: str) -> None:
    add_keyboard(cli)
    assert cli("sell", "KB-1", quantity).code == 2


def test_list_filters_by_category_and_low_stock(cli: Cli) -> None:
    add_keyboard(cli)
    cli(
        "add", "MS-1", "Mouse", "--category", "peripherals", "--price", "20", "--reorder-level", "5"
    )
    cli("add", "CB-1", "Cable", "--category", "cables", "--price", "5", "--quantity", "2")
    cables = cli("list", "--category", "cables").out
    assert "CB-1" in cables and "KB-1" not in cables
    low = cli("list", "--low-stock").out.splitlines()
    skus = [line.split()[0] for line in low[1:]]
    assert skus == ["MS-1"], f"only the mouse has quantity <= reorder level (0 <= 5), got {skus}"
    assert low[1].endswith("LOW"), "low-stock rows are flagged LOW"


def test_report_prints_stock_value_by_category_and_total(cli: Cli) -> None:
    add_keyboard(cli)  # 10 x 79.90 = 799.00
    cli("add", "CB-1", "Cable", "--category", "cables", "--price", "0.29", "--quantity", "3")
    result = cli("report")
    assert result.code == 0
    rows = [line.split() for line in result.out.splitlines()]
    assert rows == [
        ["CATEGORY", "ITEMS", "UNITS", "VALUE"],
        ["cables", "1", "3", "0.87"],
        ["peripherals", "1", "10", "799.00"],
        ["TOTAL", "2", "13", "799.87"],
    ], "3 x 0.29 must be exactly 0.87: cents are integers, never floats"


def test_report_and_list_of_an_empty_inventory(cli: Cli) -> None:
    assert cli("report").out == "no items yet\n"
    assert cli("list").out == "no items match\n"


def test_export_to_stdout_and_import_round_trip(cli: Cli, tmp_path: Path) -> None:
    add_keyboard(cli)
    exported = cli("export-csv", "-")
    assert exported.out.startswith("sku,name,category,quantity,unit_price,reorder_level,")
    source = tmp_path / "items.csv"
    source.write_text(exported.out.replace("KB-1", "KB-2"), encoding="utf-8")
    result = cli("import-csv", str(source))
    assert (result.code, result.out) == (0, f"imported 1 item from {source}\n")
    assert "KB-2" in cli("list").out


def test_export_to_a_file_reports_the_count(cli: Cli, tmp_path: Path) -> None:
    add_keyboard(cli)
    target = tmp_path / "out.csv"
    result = cli("export-csv", str(target))
    assert (result.code, result.out) == (0, f"exported 1 item to {target}\n")
    assert target.read_text(encoding="utf-8").count("\n") == 2


def test_import_of_a_malformed_row_names_the_line_and_imports_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        "sku,name,category,quantity,unit_price\n"
        "A-1,Apple,fruit,5,0.50\n"
        "B-1,Banana,fruit,five,0.25\n",
        encoding="utf-8",
    )
    result = cli("import-csv", str(source))
    assert result.code == 2
    assert_one_error_line(result.err, "line 3", "'five'", "nothing was imported")
    assert cli("list").out == "no items match\n", "import is all-or-nothing: A-1 must not exist"


def test_import_of_a_missing_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("import-csv", str(tmp_path / "missing.csv"))
    assert result.code == 2
    assert_one_error_line(result.err, "cannot read", "missing.csv")


def test_sql_injection_text_is_stored_as_plain_data(cli: Cli) -> None:
    evil = "'); DROP TABLE items;--"
    result = cli("add", "EVIL-1", evil, "--category", "x'; DELETE FROM items;--", "--price", "1")
    assert result.code == 0
    shown = cli("show", "EVIL-1").out
    assert f"name:          {evil}\n" in shown, "the name must come back unchanged"
    assert cli("list").code == 0, "the items table must still exist"


def test_no_command_runs_the_demo_on_a_temporary_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "$ list" in out and "$ report" in out and "TOTAL" in out
    assert "MS-002" in out and "LOW" in out, "the demo shows a low-stock item"
    assert not (tmp_path / "var").exists(), "the demo must not touch ./var"


def test_default_database_is_var_inventory_db_in_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["add", "A-1", "Apple", "--category", "fruit", "--price", "0.5"]) == 0
    assert (tmp_path / "var" / "inventory.db").is_file(), "./var is created on first use"


def test_help_exits_zero_and_bad_arguments_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "import-csv" in capsys.readouterr().out
    assert main(["frobnicate"]) == 2
    assert main(["--busy-timeout", "soon", "list"]) == 2
    assert main(["--busy-timeout", "-1", "list"]) == 2


def test_a_file_that_is_not_a_database_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"these are my notes, not a database" * 100)
    assert main(["--db", str(not_a_db), "list"]) == 1
    assert_one_error_line(capsys.readouterr().err, "notes.db", "not a database")


def test_a_database_folder_that_cannot_be_created_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    assert main(["--db", str(blocker / "sub" / "x.db"), "list"]) == 1
    assert_one_error_line(capsys.readouterr().err, "cannot create folder")


def test_verbose_shows_debug_logs_and_the_traceback_of_a_failure(cli: Cli) -> None:
    add_keyboard(cli)
    result = cli("--verbose", "sell", "KB-1", "1")
    assert result.code == 0
    assert "KB-1 -1 (sale)" in result.err, "--verbose logs each stock movement"
    failed = cli("--verbose", "sell", "KB-1", "100")
    assert failed.code == 1
    assert "Traceback" in failed.err and "error: cannot sell 100" in failed.err


def test_a_database_path_that_is_a_folder_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--db", str(tmp_path), "list"]) == 1
    assert_one_error_line(capsys.readouterr().err, "cannot open database")


def test_a_database_written_by_a_newer_program_is_refused(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    result = cli("list")
    assert result.code == 1
    assert_one_error_line(result.err, "schema version 99 is newer")


def test_an_in_memory_database_works_for_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", ":memory:", "report"]) == 0
    assert capsys.readouterr().out == "no items yet\n"


def test_the_bundled_sample_imports_and_reports(cli: Cli) -> None:
    sample = Path(__file__).parent / "data" / "sample.csv"
    assert cli("import-csv", str(sample)).out == f"imported 5 items from {sample}\n"
    low = [line.split()[0] for line in cli("list", "--low-stock").out.splitlines()[1:]]
    assert low == ["HD-005", "MS-002"]
    assert cli("report").out.splitlines()[-1].split() == ["TOTAL", "5", "59", "2587.90"]
