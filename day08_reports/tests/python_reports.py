"""The same reports in plain Python over rows loaded from the database: test support.

This is the oracle the tests compare the SQL reports with, and the baseline the benchmark
measures them against (benchmarks/day08_reports.py): load every row the report could need,
then filter, group and sum in Python. It gives the same answers, but moves every row over
the wire and through the ORM first, which is what the database-side reports avoid. It uses
only day 8's public names, so it checks a learner's reports as well as the reference's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from day06_sqlite_inventory import format_cents
from day07_sqlalchemy_orm import Project, Task
from day08_reports import (
    REPORTS,
    CompletedByDayRow,
    CompletedByProjectRow,
    CompletedReport,
    CompletionRateReport,
    CompletionRateRow,
    DateRangeError,
    Grouping,
    InventoryItem,
    InventoryValueReport,
    InventoryValueRow,
    LowStockReport,
    LowStockRow,
    OverdueReport,
    OverdueRow,
    Report,
    ReportSpec,
    TimeToCompleteReport,
    TimeToCompleteRow,
)

DEFAULT_LIMIT = 100  # the reports' default `limit`, as their README states


@dataclass(frozen=True, slots=True)
class _TaskRow:
    id: int
    title: str
    done: bool
    due_date: dt.date | None
    created_at: dt.datetime
    completed_at: dt.datetime | None
    project_id: int | None


def _load_tasks(session: Session) -> tuple[list[_TaskRow], dict[int, str]]:
    columns = (
        Task.id,
        Task.title,
        Task.done,
        Task.due_date,
        Task.created_at,
        Task.completed_at,
        Task.project_id,
    )
    tasks = [_TaskRow(*row) for row in session.execute(select(*columns))]
    names = dict(session.execute(select(Project.id, Project.name)).all())
    return tasks, names


def _in_range(day: dt.date, date_from: dt.date | None, date_to: dt.date | None) -> bool:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise DateRangeError(date_from, date_to)
    return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def _utc_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def _by_project_key(project_id: int | None) -> tuple[bool, int]:
    return (project_id is None, project_id or 0)


def _completed(
    tasks: Iterable[_TaskRow],
    date_from: dt.date | None,
    date_to: dt.date | None,
    project_id: int | None,
) -> list[_TaskRow]:
    return [
        t
        for t in tasks
        if t.done
        and t.completed_at is not None
        and _in_range(_utc_day(t.completed_at), date_from, date_to)
        and (project_id is None or t.project_id == project_id)
    ]


def completed_tasks_in_python(
    *,
    session: Session,
    by: Grouping = "project",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
) -> CompletedReport:
    """`completed_tasks`, computed in Python."""
    tasks, names = _load_tasks(session)
    done = _completed(tasks, date_from, date_to, project_id)
    rows: list[CompletedByProjectRow] | list[CompletedByDayRow]
    if by == "project":
        counts = Counter(t.project_id for t in done)
        ordered = sorted(counts, key=lambda p: (-counts[p], *_by_project_key(p)))
        rows = [
            CompletedByProjectRow(
                project_id=p,
                project=names.get(p) if p is not None else None,
                completed=counts[p],
                share=counts[p] / len(done),
            )
            for p in ordered
        ]
    else:
        per_day = Counter(_utc_day(t.completed_at) for t in done if t.completed_at)
        running = 0
        days: list[CompletedByDayRow] = []
        for day in sorted(per_day):
            running += per_day[day]
            days.append(CompletedByDayRow(day=day, completed=per_day[day], running_total=running))
        rows = days
    return CompletedReport(
        by=by,
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        total=len(done),
        rows=rows,
    )


def completion_rate_in_python(
    *,
    session: Session,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
) -> CompletionRateReport:
    """`completion_rate`, computed in Python."""
    tasks, names = _load_tasks(session)
    chosen = [
        t
        for t in tasks
        if _in_range(_utc_day(t.created_at), date_from, date_to)
        and (project_id is None or t.project_id == project_id)
    ]
    totals: Counter[int | None] = Counter(t.project_id for t in chosen)
    done: Counter[int | None] = Counter(t.project_id for t in chosen if t.done)
    completed = sum(done.values())
    return CompletionRateReport(
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        tasks=len(chosen),
        completed=completed,
        rate=completed / len(chosen) if chosen else 0.0,
        rows=[
            CompletionRateRow(
                project_id=p,
                project=names.get(p) if p is not None else None,
                tasks=totals[p],
                completed=done[p],
                rate=done[p] / totals[p],
            )
            for p in sorted(totals, key=_by_project_key)
        ],
    )


def overdue_tasks_in_python(
    *,
    session: Session,
    today: dt.date,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> OverdueReport:
    """`overdue_tasks`, computed in Python."""
    tasks, names = _load_tasks(session)
    late = sorted(
        (
            t
            for t in tasks
            if not t.done
            and t.due_date is not None
            and t.due_date < today
            and _in_range(t.due_date, date_from, date_to)
            and (project_id is None or t.project_id == project_id)
        ),
        key=lambda t: (t.due_date, t.id),
    )
    return OverdueReport(
        today=today,
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        total=len(late),
        limit=limit,
        rows=[
            OverdueRow(
                id=t.id,
                title=t.title,
                project_id=t.project_id,
                project=names.get(t.project_id) if t.project_id is not None else None,
                due_date=t.due_date,
                days_overdue=(today - t.due_date).days,
            )
            for t in late[:limit]
            if t.due_date is not None
        ],
    )


def time_to_complete_in_python(
    *,
    session: Session,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
) -> TimeToCompleteReport:
    """`time_to_complete`, computed in Python."""
    tasks, names = _load_tasks(session)
    hours: defaultdict[int | None, list[float]] = defaultdict(list)
    for t in _completed(tasks, date_from, date_to, project_id):
        if t.completed_at is not None:
            hours[t.project_id].append((t.completed_at - t.created_at).total_seconds() / 3600)
    everything = [h for values in hours.values() for h in values]
    return TimeToCompleteReport(
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        completed=len(everything),
        mean_hours=sum(everything) / len(everything) if everything else None,
        rows=[
            TimeToCompleteRow(
                project_id=p,
                project=names.get(p) if p is not None else None,
                completed=len(hours[p]),
                mean_hours=sum(hours[p]) / len(hours[p]),
                min_hours=min(hours[p]),
                max_hours=max(hours[p]),
            )
            for p in sorted(hours, key=_by_project_key)
        ],
    )


def _load_items(session: Session, category: str | None) -> list[InventoryItem]:
    items = session.scalars(select(InventoryItem)).all()
    return [item for item in items if category is None or item.category == category]


def inventory_value_in_python(
    *, session: Session, category: str | None = None
) -> InventoryValueReport:
    """`inventory_value`, computed in Python."""
    items = _load_items(session, category)
    count: Counter[str] = Counter()
    units: Counter[str] = Counter()
    value: Counter[str] = Counter()
    for item in items:
        count[item.category] += 1
        units[item.category] += item.quantity
        value[item.category] += item.quantity * item.unit_price_cents
    total = sum(value.values())
    return InventoryValueReport(
        category=category,
        items=len(items),
        units=sum(units.values()),
        value_cents=total,
        value=format_cents(total),
        rows=[
            InventoryValueRow(
                category=c,
                items=count[c],
                units=units[c],
                value_cents=value[c],
                value=format_cents(value[c]),
            )
            for c in sorted(count, key=lambda c: (-value[c], c))
        ],
    )


def low_stock_items_in_python(
    *, session: Session, category: str | None = None, limit: int = DEFAULT_LIMIT
) -> LowStockReport:
    """`low_stock_items`, computed in Python."""
    low = sorted(
        (i for i in _load_items(session, category) if i.quantity <= i.reorder_level),
        key=lambda i: (i.quantity - i.reorder_level, i.sku),
    )
    return LowStockReport(
        category=category,
        total=len(low),
        limit=limit,
        rows=[
            LowStockRow(
                id=i.id,
                sku=i.sku,
                name=i.name,
                category=i.category,
                quantity=i.quantity,
                reorder_level=i.reorder_level,
                shortfall=i.reorder_level - i.quantity,
            )
            for i in low[:limit]
        ],
    )


IN_PYTHON: dict[str, Callable[..., Report]] = {
    "completed-by-project": completed_tasks_in_python,
    "completed-by-day": completed_tasks_in_python,
    "completion-rate": completion_rate_in_python,
    "overdue": overdue_tasks_in_python,
    "time-to-complete": time_to_complete_in_python,
    "inventory-value": inventory_value_in_python,
    "low-stock": low_stock_items_in_python,
}


def report_in_python(spec: ReportSpec, *, session: Session, **filters: Any) -> Report:
    """Run the Python twin of the catalogue's report `spec` with the same filters."""
    return IN_PYTHON[spec.name](session=session, **spec.preset, **filters)


assert set(IN_PYTHON) == set(REPORTS), "every report of the catalogue has a Python twin"
