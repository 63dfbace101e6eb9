"""The reports on a handful of rows whose answers are worked out by hand, on both backends.

Each test empties the seeded database inside a transaction, adds its rows, and rolls
everything back at the end, so the shared seeded data is untouched.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import Project, Task, task_tags
from day08_reports import (
    DateRangeError,
    InventoryItem,
    StockMovement,
    completed_tasks,
    completion_rate,
    inventory_value,
    low_stock_items,
    overdue_tasks,
    time_to_complete,
)

TODAY = dt.date(2026, 3, 1)
UTC = dt.UTC


def at(day: str, time: str = "00:00") -> dt.datetime:
    """A UTC timestamp from '2026-02-01' and '12:30'."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=UTC)


@pytest.fixture
def blank(database_session: Session) -> Session:
    """A session on an emptied database; the kit rolls it all back after the test."""
    for table in (task_tags, Task.__table__, Project.__table__, StockMovement.__table__):
        database_session.execute(delete(table))
    database_session.execute(delete(InventoryItem))
    return database_session


@pytest.fixture
def known(blank: Session) -> Session:
    """Two projects, seven tasks, four items: the numbers below follow from these rows."""
    a, b = Project(name="Alpha"), Project(name="Beta")
    blank.add_all([a, b])
    blank.flush()
    rows = [
        # project, created, completed (None: open), due date
        (a, at("2026-02-01", "10:00"), at("2026-02-01", "12:30"), dt.date(2026, 2, 5)),
        (a, at("2026-02-02"), at("2026-02-03"), None),
        (a, at("2026-02-10", "08:00"), None, dt.date(2026, 2, 20)),
        (b, at("2026-02-15"), at("2026-02-15", "06:00"), None),
        (None, at("2026-01-20"), None, dt.date(2026, 3, 1)),
        (None, at("2026-01-21"), None, dt.date(2026, 2, 28)),
        (b, at("2026-02-20"), None, dt.date(2026, 1, 1)),
    ]
    blank.add_all(
        Task(
            title=f"task {n}",
            project=project,
            created_at=created,
            updated_at=completed or created,
            completed_at=completed,
            done=completed is not None,
            due_date=due,
        )
        for n, (project, created, completed, due) in enumerate(rows, start=1)
    )
    stamp = "2026-03-01T00:00:00.000000+00:00"
    items = [
        ("AUD-2", "audio", 3, 1000, 5),
        ("AUD-1", "audio", 10, 250, 10),
        ("CAB-3", "cables", 0, 99, 0),
        ("CAB-4", "cables", 1_000_000_000, 1_000_000_000, 0),  # 10**18 cents: needs BIGINT
    ]
    blank.add_all(
        InventoryItem(
            sku=sku,
            name=f"item {sku}",
            category=category,
            quantity=quantity,
            unit_price_cents=price,
            reorder_level=level,
            created_at=stamp,
            updated_at=stamp,
        )
        for sku, category, quantity, price, level in items
    )
    blank.flush()
    return blank


def test_completed_per_project_counts_and_shares(known: Session) -> None:
    report = completed_tasks(session=known, by="project")
    got = [(r.project, r.completed, round(r.share, 4)) for r in report.rows]
    assert got == [("Alpha", 2, 0.6667), ("Beta", 1, 0.3333)], "open tasks are not counted"
    assert report.total == 3


def test_completed_per_day_has_a_running_total(known: Session) -> None:
    report = completed_tasks(session=known, by="day")
    got = [(r.day.isoformat(), r.completed, r.running_total) for r in report.rows]
    assert got == [("2026-02-01", 1, 1), ("2026-02-03", 1, 2), ("2026-02-15", 1, 3)]


def test_date_range_includes_both_whole_end_days(known: Session) -> None:
    last_day = completed_tasks(session=known, date_to=dt.date(2026, 2, 1))
    assert last_day.total == 1, "a task completed at 12:30 on `to` is inside the range"
    first_day = completed_tasks(session=known, date_from=dt.date(2026, 2, 3), by="day")
    assert [r.day for r in first_day.rows][0] == dt.date(2026, 2, 3), "midnight on `from` counts"


def test_completion_rate_per_project_and_overall(known: Session) -> None:
    report = completion_rate(session=known)
    got = [(r.project, r.tasks, r.completed, round(r.rate, 4)) for r in report.rows]
    assert got == [("Alpha", 3, 2, 0.6667), ("Beta", 2, 1, 0.5), (None, 2, 0, 0.0)]
    assert (report.tasks, report.completed) == (7, 3)
    assert report.rate == pytest.approx(3 / 7)


def test_overdue_lists_open_tasks_due_before_today_oldest_first(known: Session) -> None:
    report = overdue_tasks(session=known, today=TODAY)
    got = [(r.title, r.days_overdue) for r in report.rows]
    assert got == [("task 7", 59), ("task 3", 9), ("task 6", 1)], "due today is not overdue yet"
    assert report.total == 3
    limited = overdue_tasks(session=known, today=TODAY, limit=1)
    assert (limited.total, len(limited.rows)) == (3, 1), "total counts past the limit"


def test_time_to_complete_in_hours(known: Session) -> None:
    report = time_to_complete(session=known)
    alpha, beta = report.rows
    # approx: SQLite computes with julianday(), fractional days with millisecond resolution.
    assert alpha.completed == 2
    assert (alpha.min_hours, alpha.max_hours) == (pytest.approx(2.5), pytest.approx(24.0))
    assert alpha.mean_hours == pytest.approx(13.25)
    assert beta.mean_hours == pytest.approx(6.0)
    assert report.mean_hours == pytest.approx((2.5 + 24 + 6) / 3)


def test_inventory_value_per_category_in_cents_without_overflow(known: Session) -> None:
    report = inventory_value(session=known)
    got = [(r.category, r.items, r.units, r.value_cents) for r in report.rows]
    assert got == [("cables", 2, 1_000_000_000, 10**18), ("audio", 2, 13, 5500)]
    assert report.value == "10000000000000055.00"
    assert inventory_value(session=known, category="audio").value_cents == 5500


def test_low_stock_is_quantity_at_or_below_reorder_level(known: Session) -> None:
    report = low_stock_items(session=known)
    assert [(r.sku, r.shortfall) for r in report.rows] == [("AUD-2", 2), ("AUD-1", 0), ("CAB-3", 0)]
    assert low_stock_items(session=known, category="cables").total == 1


def test_empty_database_gives_empty_reports_not_errors(blank: Session) -> None:
    assert completed_tasks(session=blank).total == 0
    rate = completion_rate(session=blank)
    assert (rate.tasks, rate.rate, rate.rows) == (0, 0.0, [])
    assert time_to_complete(session=blank).mean_hours is None
    assert overdue_tasks(session=blank, today=TODAY).total == 0
    assert inventory_value(session=blank).value == "0.00"
    assert low_stock_items(session=blank).total == 0


def test_from_after_to_is_refused_with_both_dates_named(blank: Session) -> None:
    with pytest.raises(DateRangeError, match="from 2026-02-02 is after to 2026-02-01"):
        completion_rate(session=blank, date_from=dt.date(2026, 2, 2), date_to=dt.date(2026, 2, 1))


def test_the_last_possible_date_is_a_valid_end_of_range(blank: Session) -> None:
    assert completed_tasks(session=blank, date_to=dt.date.max).total == 0
