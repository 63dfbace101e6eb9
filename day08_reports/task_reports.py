"""Task reports computed by the database: JOIN, GROUP BY, FILTER and window functions.

Every function takes the session keyword-only plus its filters, runs ONE select, and
only shapes the few result rows (one per project or per day) into a report model: each
column is labelled with the row model's field name, so a row converts as it is. Tasks in
no project appear as a row whose project is null: the join is a LEFT OUTER JOIN.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import Float, Integer, Select, cast, func, literal, select
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import Project, Task
from day08_reports.expressions import days_between, seconds_between, utc_date
from day08_reports.filters import (
    DEFAULT_LIMIT,
    date_in_range,
    in_project,
    timestamp_in_range,
)
from day08_reports.schemas import (
    CompletedByDayRow,
    CompletedByProjectRow,
    CompletedReport,
    CompletionRateReport,
    CompletionRateRow,
    Grouping,
    OverdueReport,
    OverdueRow,
    TimeToCompleteReport,
    TimeToCompleteRow,
)

SECONDS_PER_HOUR = 3600.0

SelectT = TypeVar("SelectT", bound=Select[Any, *tuple[Any, ...]])


def _with_project(stmt: SelectT) -> SelectT:
    """LEFT OUTER JOIN projects, so tasks in no project are kept (their name is null)."""
    return stmt.select_from(Task).outerjoin(Project, Task.project_id == Project.id)


def _ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator as a float division on every backend (not integer division)."""
    return cast(numerator, Float) / cast(denominator, Float)


def completed_tasks(
    *,
    session: Session,
    by: Grouping = "project",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
) -> CompletedReport:
    """Tasks completed in the range, per project (with each one's share) or per UTC day."""
    where = [
        Task.done,
        *timestamp_in_range(Task.completed_at, date_from, date_to),
        *in_project(project_id),
    ]
    rows = (
        _completed_by_project(session, where)
        if by == "project"
        else _completed_by_day(session, where)
    )
    return CompletedReport(
        by=by,
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        total=sum(row.completed for row in rows),
        rows=rows,
    )


def _completed_by_project(session: Session, where: list[Any]) -> list[CompletedByProjectRow]:
    # solution: one SELECT per project: count, and the share of the total as a window
    completed = func.count()
    stmt = (
        _with_project(
            select(
                Task.project_id,
                Project.name.label("project"),
                completed.label("completed"),
                # A window over the grouped rows: every row sees the grand total.
                _ratio(completed, func.sum(completed).over()).label("share"),
            )
        )
        .where(*where)
        .group_by(Task.project_id, Project.name)
        .order_by(completed.desc(), Task.project_id.asc().nulls_last())
    )
    return [CompletedByProjectRow(**row._mapping) for row in session.execute(stmt)]
    # end solution


def _completed_by_day(session: Session, where: list[Any]) -> list[CompletedByDayRow]:
    # solution: one SELECT per UTC day: count, and a running total as a window
    day = utc_date(Task.completed_at)
    completed = func.count()
    stmt = (
        select(
            day.label("day"),
            completed.label("completed"),
            # A running total: the window sums the per-day counts up to this day.
            cast(func.sum(completed).over(order_by=day), Integer).label("running_total"),
        )
        .where(*where)
        .group_by(day)
        .order_by(day)
    )
    return [CompletedByDayRow(**row._mapping) for row in session.execute(stmt)]
    # end solution


def completion_rate(
    *,
    session: Session,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
) -> CompletionRateReport:
    """Of the tasks created in the range, the part that is done: per project and overall."""
    # solution: count all and done tasks per project (FILTER) with overall totals as windows
    tasks = func.count()
    completed = func.count().filter(Task.done)  # COUNT(...) FILTER (WHERE done)
    stmt = (
        _with_project(
            select(
                Task.project_id,
                Project.name.label("project"),
                tasks.label("tasks"),
                completed.label("completed"),
                _ratio(completed, tasks).label("rate"),
                cast(func.sum(tasks).over(), Integer).label("all_tasks"),
                cast(func.sum(completed).over(), Integer).label("all_completed"),
            )
        )
        .where(
            *timestamp_in_range(Task.created_at, date_from, date_to),
            *in_project(project_id),
        )
        .group_by(Task.project_id, Project.name)
        .order_by(Task.project_id.asc().nulls_last())
    )
    result = session.execute(stmt).all()
    all_tasks, all_completed = (result[0].all_tasks, result[0].all_completed) if result else (0, 0)
    return CompletionRateReport(
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        tasks=all_tasks,
        completed=all_completed,
        rate=all_completed / all_tasks if all_tasks else 0.0,
        rows=[CompletionRateRow(**row._mapping) for row in result],
    )
    # end solution


def overdue_tasks(
    *,
    session: Session,
    today: dt.date,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> OverdueReport:
    """Open tasks due before `today` (due dates optionally within the range), oldest first."""
    # solution: select open tasks due before today, oldest first, counting all before LIMIT
    stmt = (
        _with_project(
            select(
                Task.id,
                Task.title,
                Task.project_id,
                Project.name.label("project"),
                Task.due_date,
                days_between(literal(today), Task.due_date).label("days_overdue"),
                # Counted before LIMIT applies: how many match, however many are listed.
                func.count().over().label("matching"),
            )
        )
        .where(
            ~Task.done,
            Task.due_date < today,
            *date_in_range(Task.due_date, date_from, date_to),
            *in_project(project_id),
        )
        .order_by(Task.due_date, Task.id)
        .limit(limit)
    )
    result = session.execute(stmt).all()
    return OverdueReport(
        today=today,
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        total=result[0].matching if result else 0,
        limit=limit,
        rows=[OverdueRow(**row._mapping) for row in result],
    )
    # end solution


def time_to_complete(
    *,
    session: Session,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project_id: int | None = None,
) -> TimeToCompleteReport:
    """Hours from creation to completion of the tasks completed in the range, per project."""
    # solution: mean, shortest and longest hours per project, the overall mean as a window
    hours = seconds_between(Task.completed_at, Task.created_at) / SECONDS_PER_HOUR
    count = func.count()
    stmt = (
        _with_project(
            select(
                Task.project_id,
                Project.name.label("project"),
                count.label("completed"),
                func.avg(hours).label("mean_hours"),
                func.min(hours).label("min_hours"),
                func.max(hours).label("max_hours"),
                _ratio(func.sum(func.sum(hours)).over(), func.sum(count).over()).label("overall"),
            )
        )
        .where(
            Task.done,
            *timestamp_in_range(Task.completed_at, date_from, date_to),
            *in_project(project_id),
        )
        .group_by(Task.project_id, Project.name)
        .order_by(Task.project_id.asc().nulls_last())
    )
    result = session.execute(stmt).all()
    return TimeToCompleteReport(
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        completed=sum(row.completed for row in result),
        mean_hours=result[0].overall if result else None,
        rows=[TimeToCompleteRow(**row._mapping) for row in result],
    )
    # end solution
