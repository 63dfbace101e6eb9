"""Realistic, deterministic sample data, inserted in bulk: projects, tasks, items, movements.

`seed_database(session=..., tasks=N, items=M, seed=S)` generates rows with `random.Random(S)`
(the same seed and `until` always give the same data) and inserts them in batches:
- on PostgreSQL with psycopg, through `COPY ... FROM STDIN` on the session's own connection
  (the fastest way to load rows, about a million a few seconds);
- elsewhere with `session.execute(insert(Model), list_of_dicts)`, SQLAlchemy's bulk
  executemany, one statement per batch rather than one per row.
Like every data function it never commits: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from day06_sqlite_inventory import to_timestamp
from day07_sqlalchemy_orm import Project, Task
from day08_reports.models import InventoryItem, StockMovement

BATCH_SIZE = 10_000
HISTORY_DAYS = 365

PROJECTS = ("Website", "Mobile app", "Billing", "Onboarding", "Data platform", "Support", "Hiring")
# Bigger projects get more tasks; about one task in ten is in no project.
PROJECT_WEIGHTS = (30, 22, 15, 10, 8, 8, 7)
NO_PROJECT_SHARE = 0.1
VERBS = ("Write", "Review", "Fix", "Plan", "Test", "Deploy", "Refactor", "Document", "Design")
NOUNS = ("login page", "invoice export", "search", "API docs", "release", "dashboard", "backup")
# Old tasks are mostly done; a task from this week mostly not yet.
OLD_DONE_SHARE = 0.95
SETTLED_AFTER_DAYS = 45
DUE_DATE_SHARE = 0.8
MEAN_HOURS_TO_COMPLETE = 60.0

# category -> (lowest, highest) unit price in cents
CATEGORIES = {
    "peripherals": (990, 14_990),
    "cables": (199, 2_499),
    "storage": (2_999, 39_999),
    "audio": (1_499, 29_999),
    "networking": (1_999, 24_999),
    "office": (99, 1_999),
    "furniture": (4_999, 89_999),
}


@dataclass(frozen=True, slots=True)
class SeedSummary:
    """How many rows of each kind `seed_database` inserted."""

    projects: int
    tasks: int
    items: int
    movements: int


def seed_database(
    *,
    session: Session,
    tasks: int,
    items: int = 0,
    seed: int = 0,
    until: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
) -> SeedSummary:
    """Add `tasks` tasks (created over the year before `until`) and `items` stocked items."""
    rng = random.Random(seed)
    end = dt.datetime.combine(until or dt.datetime.now(dt.UTC).date(), dt.time(), tzinfo=dt.UTC)
    new_projects, project_ids = _ensure_projects(session)
    _bulk_insert(session, Task.__table__, _task_rows(rng, tasks, end, project_ids), batch_size)
    movements = _seed_items(session, rng, items, end, batch_size) if items else 0
    return SeedSummary(projects=new_projects, tasks=tasks, items=items, movements=movements)


def _ensure_projects(session: Session) -> tuple[int, list[int]]:
    """Create the sample projects that are missing; return how many, and all their ids."""
    existing = dict(session.execute(select(Project.name, Project.id)).all())
    missing = [{"name": name} for name in PROJECTS if name not in existing]
    if missing:
        session.execute(insert(Project), missing)
        existing = dict(session.execute(select(Project.name, Project.id)).all())
    return len(missing), [existing[name] for name in PROJECTS]


def _task_rows(
    rng: random.Random, count: int, end: dt.datetime, project_ids: list[int]
) -> Iterator[dict[str, Any]]:
    span = HISTORY_DAYS * 86_400
    for number in range(1, count + 1):
        age = rng.uniform(1, span)
        created = end - dt.timedelta(seconds=age)
        project = (
            None
            if rng.random() < NO_PROJECT_SHARE
            else rng.choices(project_ids, PROJECT_WEIGHTS)[0]
        )
        done = rng.random() < _done_share(age / 86_400)
        completed = None
        if done:
            hours = rng.expovariate(1 / MEAN_HOURS_TO_COMPLETE)
            completed = min(created + dt.timedelta(hours=hours), end)
        due = (
            created.date() + dt.timedelta(days=rng.randint(1, 30))
            if rng.random() < DUE_DATE_SHARE
            else None
        )
        yield {
            "title": f"{rng.choice(VERBS)} {rng.choice(NOUNS)} #{number}",
            "description": None,
            "done": done,
            "due_date": due,
            "created_at": created,
            "updated_at": completed or created,
            "completed_at": completed,
            "project_id": project,
        }


def _done_share(age_days: float) -> float:
    return OLD_DONE_SHARE * min(1.0, 0.3 + 0.7 * age_days / SETTLED_AFTER_DAYS)


def _seed_items(
    session: Session, rng: random.Random, count: int, end: dt.datetime, batch_size: int
) -> int:
    """Insert items (ids returned in order) and their movements; return the movement count."""
    first = (session.scalar(select(func.max(InventoryItem.id))) or 0) + 1
    stock = [_item_history(rng, number) for number in range(first, first + count)]
    stamp = to_timestamp(end)
    rows = [{**item, "created_at": stamp, "updated_at": stamp} for item, _ in stock]
    ids: list[int] = []
    returning = insert(InventoryItem).returning(InventoryItem.id, sort_by_parameter_order=True)
    for batch in _batches(rows, batch_size):
        ids += session.scalars(returning, batch).all()
    moves = (
        {"item_id": item_id, "delta": delta, "reason": reason, "created_at": stamp}
        for item_id, (_, history) in zip(ids, stock, strict=True)
        for delta, reason in history
    )
    return _bulk_insert(session, StockMovement.__table__, moves, batch_size)


def _item_history(rng: random.Random, number: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """One item and the movements that explain its quantity (day 6's invariant)."""
    category = rng.choice(list(CATEGORIES))
    low, high = CATEGORIES[category]
    history: list[tuple[int, str]] = []
    quantity = rng.randint(0, 120)
    if quantity:
        history.append((quantity, "initial stock"))
    for _ in range(rng.randint(0, 3)):
        if quantity and rng.random() < 0.7:
            delta = -rng.randint(1, quantity)
            history.append((delta, "sale"))
        else:
            delta = rng.randint(5, 50)
            history.append((delta, "restock"))
        quantity += delta
    item = {
        "sku": f"{category[:3].upper()}-{number:07d}",
        "name": f"{category.title()} item {number}",
        "category": category,
        "quantity": quantity,
        "unit_price_cents": rng.randint(low, high),
        "reorder_level": rng.randint(0, 25),
    }
    return item, history


def _bulk_insert(
    session: Session, table: Any, rows: Iterable[dict[str, Any]], batch_size: int
) -> int:
    """Insert `rows` into `table` in batches; return how many."""
    # solution: insert the rows in batches with one executemany per batch (COPY on psycopg)
    assert isinstance(table, Table)
    connection = session.connection()
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        return _copy_rows(connection.connection.driver_connection, table, rows)
    inserted = 0
    for batch in _batches(rows, batch_size):
        session.execute(insert(table), batch)
        inserted += len(batch)
    return inserted
    # end solution


def _copy_rows(driver_connection: Any, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """PostgreSQL's COPY FROM STDIN through psycopg: rows stream in without SQL per row."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    columns = list(first)
    names = ", ".join(f'"{name}"' for name in columns)
    inserted = 0
    with (
        driver_connection.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in chain([first], iterator):
            copy.write_row([row[name] for name in columns])
            inserted += 1
    return inserted


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
