"""Filter checking and the conditions every task report shares.

Dates are calendar days in UTC and both ends are inclusive: `date_to=2026-03-31` keeps
everything up to 2026-03-31 23:59:59.999999, written as `< 2026-04-01 00:00`, which a
range scan on an index of the timestamp can use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement

from day07_sqlalchemy_orm import Task
from day08_reports.errors import DateRangeError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Refuse a range that ends before it starts."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise DateRangeError(date_from, date_to)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of `day`."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def timestamp_in_range(
    column: Any, date_from: dt.date | None, date_to: dt.date | None
) -> list[ColumnElement[bool]]:
    """Conditions keeping `column` (a timestamp) within the inclusive UTC day range."""
    # solution: refuse from > to; keep column >= from 00:00 and < (to + 1 day) 00:00
    check_range(date_from, date_to)
    conditions: list[ColumnElement[bool]] = []
    if date_from is not None:
        conditions.append(column >= day_start(date_from))
    if date_to is not None and date_to < dt.date.max:  # no day after 9999-12-31
        conditions.append(column < day_start(date_to + dt.timedelta(days=1)))
    return conditions
    # end solution


def date_in_range(
    column: Any, date_from: dt.date | None, date_to: dt.date | None
) -> list[ColumnElement[bool]]:
    """Conditions keeping `column` (a date) within the inclusive range."""
    check_range(date_from, date_to)
    conditions: list[ColumnElement[bool]] = []
    if date_from is not None:
        conditions.append(column >= date_from)
    if date_to is not None:
        conditions.append(column <= date_to)
    return conditions


def in_project(project_id: int | None) -> list[ColumnElement[bool]]:
    """The condition keeping one project's tasks, or none for every project."""
    return [] if project_id is None else [Task.project_id == project_id]
