"""Create what the reports need: day 7's tables, day 6's inventory tables, report indexes.

`create_schema(url)` is idempotent and runs two lines of Alembic migrations:
1. day 7's (`upgrade(url)`): projects, tags, tasks;
2. day 8's own (`DAY08`, in `migrations/versions/`, recorded in `day08_alembic_version`):
   items and movements (day 6's schema) and the report indexes.

`REPORT_INDEXES` describes those indexes as SQLAlchemy objects, so the benchmark can drop and
recreate them. They sit on a *shadow* `Table("tasks", ...)` in a private MetaData: attaching
an `Index` to day 7's own `Task.__table__` would change day 7's metadata (and its "models
match migrations" check) for every program that imports day 8.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

from day07_sqlalchemy_orm import History, downgrade, upgrade
from day08_reports.models import InventoryBase

DAY08 = History(
    versions=Path(__file__).resolve().parent / "migrations" / "versions",
    version_table="day08_alembic_version",
    metadata=InventoryBase.metadata,
)

_shadow = MetaData()
_tasks = Table(
    "tasks",
    _shadow,
    Column("id", Integer, primary_key=True),
    Column("done", Boolean),
    Column("due_date", Date),
    Column("created_at", DateTime(timezone=True)),
    Column("completed_at", DateTime(timezone=True)),
    Column("project_id", Integer),
)
_items = Table(
    "items",
    _shadow,
    Column("id", Integer, primary_key=True),
    Column("category", Text),
    Column("quantity", Integer),
    Column("reorder_level", Integer),
)

REPORT_INDEXES: tuple[Index, ...] = (
    # Completed tasks in a date range, per project or per day, and their time to complete:
    # partial (done tasks only, as the reports' `WHERE done` says) and covering, so the
    # range scan reads only this index (PostgreSQL: an index-only scan, no table visits).
    Index(
        "ix_tasks_report_completed",
        _tasks.c.completed_at,
        _tasks.c.project_id,
        _tasks.c.created_at,
        postgresql_where=_tasks.c.done,
        sqlite_where=_tasks.c.done,
    ),
    # Completion rate of the tasks created in a date range.
    Index("ix_tasks_report_created", _tasks.c.created_at, _tasks.c.project_id, _tasks.c.done),
    # Overdue tasks: a partial index holding only open tasks with a due date.
    Index(
        "ix_tasks_report_open_due",
        _tasks.c.due_date,
        postgresql_where=~_tasks.c.done & _tasks.c.due_date.is_not(None),
        sqlite_where=~_tasks.c.done & _tasks.c.due_date.is_not(None),
    ),
    # Low-stock items: a partial index of exactly the rows the report returns.
    Index(
        "ix_items_report_low_stock",
        _items.c.category,
        postgresql_where=_items.c.quantity <= _items.c.reorder_level,
        sqlite_where=_items.c.quantity <= _items.c.reorder_level,
    ),
)


def create_schema(url: str) -> None:
    """Bring the database at `url` up to date for the reports (safe to run again)."""
    upgrade(url)  # day 7's tables first: day 8's indexes are on its tasks table
    upgrade(url, history=DAY08)


def drop_schema(url: str) -> None:
    """Undo `create_schema`: day 8's revisions, then day 7's (an empty database again)."""
    downgrade(url, history=DAY08)
    downgrade(url)


def create_report_indexes(connection: Connection) -> None:
    """Create the report indexes that are missing."""
    for index in REPORT_INDEXES:
        index.create(connection, checkfirst=True)


def drop_report_indexes(connection: Connection) -> None:
    """Drop the report indexes that exist (the benchmark's "without indexes" run)."""
    for index in REPORT_INDEXES:
        index.drop(connection, checkfirst=True)
