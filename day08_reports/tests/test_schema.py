"""The schema day 8 adds: inventory tables, report indexes, and SQL that fits each dialect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from day07_sqlalchemy_orm import (
    Task,
    create_engine_from_url,
    current_revision,
    head_revision,
    upgrade,
)
from day08_reports import (
    DAY08,
    REPORT_INDEXES,
    REPORTS,
    InventoryBase,
    InventoryItem,
    StockMovement,
    UnknownReportError,
    create_report_indexes,
    create_schema,
    days_between,
    drop_report_indexes,
    drop_schema,
    get_report,
    seconds_between,
    utc_date,
)
from day08_reports.tests.conftest import sqlite_url

NAMES = {index.name for index in REPORT_INDEXES}


def index_names(engine: Engine, table: str) -> set[str]:
    """The indexes on `table`."""
    with engine.connect() as connection:
        return {str(ix["name"]) for ix in inspect(connection).get_indexes(table)}


def test_schema_has_day6_tables_and_the_report_indexes(database_engine: Engine) -> None:
    with database_engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    assert {"items", "movements", "tasks", "projects"} <= tables
    found = index_names(database_engine, "tasks") | index_names(database_engine, "items")
    assert NAMES <= found
    assert {"ix_items_category", "ix_movements_item_id"} <= found | index_names(
        database_engine, "movements"
    ), "day 6's own indexes come along"


def test_report_indexes_can_be_dropped_and_created_again(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    create_schema(url)
    engine = create_engine_from_url(url)
    try:
        with engine.begin() as connection:
            drop_report_indexes(connection)
        assert not NAMES & index_names(engine, "tasks")
        with engine.begin() as connection:
            create_report_indexes(connection)
            create_report_indexes(connection)  # a second time changes nothing
        assert NAMES <= index_names(engine, "tasks") | index_names(engine, "items")
        with engine.begin() as connection:
            drop_report_indexes(connection)
        assert not NAMES & (index_names(engine, "tasks") | index_names(engine, "items"))
    finally:
        engine.dispose()
    create_schema(url)
    create_schema(url)  # idempotent


def test_inventory_tables_come_from_an_alembic_revision(tmp_path: Path) -> None:
    """Day 8's own revisions (version table `day08_alembic_version`), after day 7's."""
    url = sqlite_url(tmp_path)
    create_schema(url)
    assert current_revision(url, history=DAY08) == head_revision(history=DAY08)
    engine = create_engine_from_url(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            diff = compare_metadata(context, InventoryBase.metadata)
        report_index = [d for d in diff if d[0] == "remove_index" and d[1].name in NAMES]
        inventory = [
            d
            for d in diff
            if ("items" in str(d) or "movements" in str(d)) and d not in report_index
        ]
        assert inventory == [], f"models and day 8's revision disagree: {inventory}"
        drop_schema(url)
        assert set(inspect(engine).get_table_names()) <= {
            "alembic_version",
            "day08_alembic_version",
        }, "downgrading both lines of revisions leaves no tables"
    finally:
        engine.dispose()


def test_revision_adopts_inventory_tables_that_exist_already(tmp_path: Path) -> None:
    """A database whose inventory tables were made by `create_all` migrates without error."""
    url = sqlite_url(tmp_path)
    upgrade(url)
    engine = create_engine_from_url(url)
    try:
        with engine.begin() as connection:
            InventoryBase.metadata.create_all(connection)
    finally:
        engine.dispose()
    create_schema(url)
    assert current_revision(url, history=DAY08) == head_revision(history=DAY08)


def test_day7_models_are_not_changed_by_day8() -> None:
    """The report indexes live on a shadow table, not on day 7's Task table."""
    assert not NAMES & {str(index.name) for index in Task.__table__.indexes}


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (sqlite.dialect(), "(julianday(tasks.completed_at) - julianday(tasks.created_at)) * 86400"),
        (postgresql.dialect(), "EXTRACT(EPOCH FROM (tasks.completed_at) - (tasks.created_at))"),
    ],
)
def test_seconds_between_compiles_per_dialect(dialect: object, expected: str) -> None:
    sql = str(select(seconds_between(Task.completed_at, Task.created_at)).compile(dialect=dialect))
    assert expected in sql


def test_date_helpers_compile_per_dialect() -> None:
    day = select(utc_date(Task.completed_at), days_between(Task.due_date, Task.due_date))
    assert "date(tasks.completed_at)" in str(day.compile(dialect=sqlite.dialect()))
    pg = str(day.compile(dialect=postgresql.dialect()))
    assert "CAST(timezone('UTC', tasks.completed_at) AS DATE)" in pg
    assert "((tasks.due_date) - (tasks.due_date))" in pg


def test_catalog_names_every_report_and_refuses_unknown_ones() -> None:
    assert get_report("overdue") is REPORTS["overdue"]
    with pytest.raises(UnknownReportError, match="no report named 'weekly'"):
        get_report("weekly")
    with pytest.raises(TypeError, match="takes no filter category"):
        REPORTS["overdue"](session=None, today=dt.date(2026, 1, 1), category="audio")  # type: ignore[arg-type]


def test_inventory_models_have_a_readable_repr() -> None:
    item = InventoryItem(id=1, sku="AUD-1", quantity=3)
    move = StockMovement(id=2, item_id=1, delta=-1)
    assert repr(item) == "InventoryItem(id=1, sku='AUD-1', quantity=3)"
    assert repr(move) == "StockMovement(id=2, item_id=1, delta=-1)"
