"""Seeding: deterministic, realistic, appendable, and day 6's stock invariant holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import Project, Task, create_engine_from_url, make_session_factory
from day08_reports import (
    InventoryItem,
    StockMovement,
    completion_rate,
    create_schema,
    inventory_value,
    seed_database,
)
from day08_reports.tests.conftest import TODAY, sqlite_url


def seeded_session(url: str, **options: int) -> Session:
    """A session on a fresh SQLite database at `url`, seeded (uncommitted) with `options`."""
    create_schema(url)
    session = make_session_factory(create_engine_from_url(url))()
    seed_database(session=session, until=TODAY, batch_size=64, **options)
    return session


def test_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    one = seeded_session(sqlite_url(tmp_path, "one.db"), tasks=150, items=25, seed=5)
    two = seeded_session(sqlite_url(tmp_path, "two.db"), tasks=150, items=25, seed=5)
    other = seeded_session(sqlite_url(tmp_path, "other.db"), tasks=150, items=25, seed=6)
    assert completion_rate(session=one) == completion_rate(session=two)
    assert inventory_value(session=one) == inventory_value(session=two)
    assert inventory_value(session=one) != inventory_value(session=other), "a new seed, new data"


def test_seed_data_is_realistic(database_session: Session) -> None:
    """On the seeded fixture databases (SQLite and PostgreSQL, the latter loaded by COPY)."""
    tasks = database_session.scalar(select(func.count(Task.id)))
    done = database_session.scalar(select(func.count(Task.id)).where(Task.done))
    assert tasks == 400 and done is not None and 0.6 < done / tasks < 0.98
    broken = select(func.count(Task.id)).where(Task.done != Task.completed_at.is_not(None))
    assert database_session.scalar(broken) == 0, "completed_at is set exactly when a task is done"
    early = select(func.count(Task.id)).where(Task.completed_at < Task.created_at)
    assert database_session.scalar(early) == 0, "nothing completes before it is created"
    newest = database_session.scalar(select(func.max(Task.created_at)))
    assert newest is not None and newest.date() <= TODAY


def test_item_quantity_is_the_sum_of_its_movements(database_session: Session) -> None:
    """Day 6's invariant: every unit in stock is explained by a movement."""
    moved = (
        select(StockMovement.item_id, func.sum(StockMovement.delta).label("total"))
        .group_by(StockMovement.item_id)
        .subquery()
    )
    mismatched = (
        select(func.count(InventoryItem.id))
        .outerjoin(moved, moved.c.item_id == InventoryItem.id)
        .where(InventoryItem.quantity != func.coalesce(moved.c.total, 0))
    )
    assert database_session.scalar(mismatched) == 0


def test_seeding_again_adds_rows_and_reuses_projects(tmp_path: Path) -> None:
    session = seeded_session(sqlite_url(tmp_path), tasks=30, items=5)
    again = seed_database(session=session, tasks=20, items=5, seed=1, until=TODAY)
    assert (again.projects, again.tasks, again.items) == (0, 20, 5)
    assert session.scalar(select(func.count(Task.id))) == 50
    assert session.scalar(select(func.count(Project.id))) == 7
    assert session.scalar(select(func.count(func.distinct(InventoryItem.sku)))) == 10


def test_seeding_nothing_inserts_nothing(tmp_path: Path) -> None:
    session = seeded_session(sqlite_url(tmp_path), tasks=0)
    assert session.scalar(select(func.count(Task.id))) == 0
    assert session.scalar(select(func.count(InventoryItem.id))) == 0


def test_default_until_is_today(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    create_schema(url)
    with make_session_factory(create_engine_from_url(url))() as session:
        seed_database(session=session, tasks=20)
        newest = session.scalar(select(func.max(Task.created_at)))
    assert newest is not None and newest.date() <= dt.datetime.now(dt.UTC).date()


def test_seeding_zero_rows_works_on_every_backend(database_session: Session) -> None:
    summary = seed_database(session=database_session, tasks=0, items=0, until=TODAY)
    assert (summary.projects, summary.tasks, summary.movements) == (0, 0, 0)
