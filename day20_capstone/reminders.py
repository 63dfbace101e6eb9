"""The overdue sweep and its reminders: what it records, and what an owner reads back.

`record_overdue` is ONE statement, INSERT ... SELECT: every open task due before today that
has no reminder for that due date yet. The unique key (task_id, due) is what makes it
idempotent: a second sweep, a redelivered one, or two racing on PostgreSQL, record nothing
new (ON CONFLICT DO NOTHING turns the race's loser into a no-op instead of an error). A task
moved to a later date and overdue again gets a new reminder: one per task per due date.
Who runs it: the admin route's job, the API's timer (no Redis) or Celery beat (`worker.py`).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from day20_capstone.models import Reminder, Task
from day20_capstone.schemas import ReminderPage, ReminderPublic

logger = logging.getLogger(__name__)
COLUMNS = ("owner_id", "task_id", "due")


def _insert_new(session: Session, rows: Select[tuple[int, int, dt.date]]) -> int:
    """INSERT the rows, skipping those whose (task_id, due) exists; how many were new."""
    # RETURNING counts what was inserted on both backends (rowcount of INSERT ... SELECT is
    # -1 on some drivers).
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(Reminder).from_select(COLUMNS, rows).on_conflict_do_nothing()
        return len(session.execute(pg.returning(Reminder.id)).all())
    lite = sqlite.insert(Reminder).from_select(COLUMNS, rows).on_conflict_do_nothing()
    return len(session.execute(lite.returning(Reminder.id)).all())


def record_overdue(session: Session, *, today: dt.date) -> int:
    """Record a reminder for every open task due before `today` (once per due date)."""
    # solution: open tasks due before today without a reminder for that date; insert, no dupes
    reminded = (
        select(Reminder.id).where(Reminder.task_id == Task.id, Reminder.due == Task.due).exists()
    )
    rows = select(Task.owner_id, Task.id, Task.due).where(
        Task.done.is_(False), Task.due < today, ~reminded
    )
    return _insert_new(session, rows)  # type: ignore[arg-type]  # due is not None here
    # end solution


def sweep(sessions: sessionmaker[Session], *, today: dt.date | None = None) -> int:
    """One sweep in its own transaction (the timer's and beat's work); reminders recorded."""
    with sessions.begin() as session:
        recorded = record_overdue(session, today=today or dt.date.today())
    logger.info("overdue sweep: %d new reminders", recorded)
    return recorded


def list_reminders(session: Session, *, owner_id: int, after: int, limit: int) -> ReminderPage:
    """A page of the owner's reminders by id, with each task's title (never another's)."""
    # solution: the owner's reminders after the cursor id, oldest first, limit + 1 rows
    rows = session.execute(
        select(Reminder, Task.title)
        .join(Task, Task.id == Reminder.task_id)
        .where(Reminder.owner_id == owner_id, Reminder.id > after)
        .order_by(Reminder.id)
        .limit(limit + 1)
    ).all()
    # end solution
    more = len(rows) > limit
    items = [
        ReminderPublic(
            id=reminder.id,
            task_id=reminder.task_id,
            title=title,
            due=reminder.due,
            created_at=reminder.created_at,
        )
        for reminder, title in rows[:limit]
    ]
    return ReminderPage(items=items, next_cursor=str(items[-1].id) if more else None)
