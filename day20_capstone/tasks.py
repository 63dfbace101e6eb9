"""A user's tasks: create, read, update (with a version check), delete, list, stats.

Every function takes the owner's id and looks objects up *with* it: another user's task is
simply not found (404), the same answer as an id that never existed, so ids reveal nothing.
Functions take the session keyword-only and never commit (the route's transaction does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import utcnow
from day20_capstone.errors import NotFound, PreconditionFailed
from day20_capstone.listing import Sort, TaskFilters, encode_cursor, page_query
from day20_capstone.models import Project, Tag, Task, task_tags
from day20_capstone.schemas import Stats, TaskCreate, TaskPage, TaskPublic, TaskUpdate


def public(task: Task) -> TaskPublic:
    """The task as its owner sees it."""
    return TaskPublic(
        id=task.id,
        title=task.title,
        notes=task.notes,
        due=task.due,
        priority=task.priority,
        done=task.done,
        completed_at=task.completed_at,
        project_id=task.project_id,
        tags=[tag.name for tag in task.tags],
        version=task.version,
        created_at=task.created_at,
    )


def etag(task: Task) -> str:
    """The entity tag of the task's current version."""
    return f'"{task.id}-{task.version}"'


def get_task(session: Session, *, owner_id: int, task_id: int) -> Task:
    """The owner's task; NotFound for an unknown id *and* for another user's task."""
    # solution: look the task up by id AND owner; anything else is "not found"
    task = session.scalars(
        select(Task).where(Task.id == task_id, Task.owner_id == owner_id)
    ).first()
    if task is None:
        raise NotFound(f"You have no task {task_id}.")
    return task
    # end solution


def _project(session: Session, owner_id: int, project_id: int | None) -> int | None:
    if project_id is None:
        return None
    project = session.get(Project, project_id)
    if project is None or project.owner_id != owner_id:
        raise NotFound(f"You have no project {project_id}.")
    return project_id


def _tags(session: Session, owner_id: int, names: Iterable[str]) -> list[Tag]:
    wanted = sorted(set(names))
    found = {
        tag.name: tag
        for tag in session.scalars(
            select(Tag).where(Tag.owner_id == owner_id, Tag.name.in_(wanted))
        )
    }
    for name in wanted:
        if name not in found:
            found[name] = Tag(owner_id=owner_id, name=name)
            session.add(found[name])
    return [found[name] for name in wanted]


def create_task(session: Session, *, owner_id: int, data: TaskCreate) -> Task:
    """A new task of the owner's (its project must be theirs too)."""
    task = Task(
        owner_id=owner_id,
        title=data.title,
        notes=data.notes,
        due=data.due,
        priority=data.priority,
        project_id=_project(session, owner_id, data.project_id),
        tags=_tags(session, owner_id, data.tags),
    )
    session.add(task)
    session.flush()
    return task


def create_tasks(
    session: Session, *, owner_id: int, items: list[TaskCreate], done: list[bool] | None = None
) -> int:
    """Many new tasks (a CSV import) in multi-row INSERTs, no ORM object per row; how many.

    The ORM's unit of work builds, tracks and flushes one object (and one collection of
    tags) per row: ~80% of a 100,000-row import. Two executemany INSERTs (tasks with
    RETURNING their ids in order, then their tag links) do the same work in the caller's
    transaction, so a failed import still stores nothing. `done[i]` marks row i done now.
    """
    tags = {tag.name: tag for tag in _tags(session, owner_id, {n for i in items for n in i.tags})}
    for project_id in {i.project_id for i in items if i.project_id is not None}:
        _project(session, owner_id, project_id)
    session.flush()  # the new tags get their ids
    now = utcnow()
    flags = done if done is not None else [False] * len(items)
    values = [
        {
            "owner_id": owner_id,
            "title": item.title,
            "notes": item.notes,
            "due": item.due,
            "priority": item.priority,
            "project_id": item.project_id,
            "done": flag,
            "completed_at": now if flag else None,
            "version": 1,
            "created_at": now,
        }
        for item, flag in zip(items, flags, strict=True)
    ]
    if not values:
        return 0
    ids = session.scalars(
        insert(Task).returning(Task.id, sort_by_parameter_order=True), values
    ).all()
    links = [
        {"task_id": task_id, "tag_id": tags[name].id}
        for task_id, item in zip(ids, items, strict=True)
        for name in set(item.tags)
    ]
    if links:
        session.execute(insert(task_tags), links)
    return len(ids)


def update_task(
    session: Session, *, owner_id: int, task_id: int, data: TaskUpdate, if_match: str | None
) -> Task:
    """Apply the fields sent; with If-Match, only if the task is still at that version (412)."""
    task = get_task(session, owner_id=owner_id, task_id=task_id)
    # solution: If-Match must be the current ETag (412); apply the fields sent; bump the version
    if if_match is not None and if_match.strip() not in ("*", etag(task)):
        raise PreconditionFailed(
            f"Task {task_id} changed since {if_match}; it is now {etag(task)}."
        )
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if "project_id" in changes:
        task.project_id = _project(session, owner_id, changes.pop("project_id"))
    if "tags" in changes:
        task.tags = _tags(session, owner_id, changes.pop("tags") or [])
    if "done" in changes and changes["done"] is not None and changes["done"] != task.done:
        task.completed_at = utcnow() if changes["done"] else None
    for name, value in changes.items():
        if value is not None or name == "due":
            setattr(task, name, value)
    task.version += 1
    session.flush()
    return task
    # end solution


def delete_task(session: Session, *, owner_id: int, task_id: int) -> None:
    """Delete the owner's task."""
    session.delete(get_task(session, owner_id=owner_id, task_id=task_id))
    session.flush()


def list_tasks(
    session: Session,
    *,
    owner_id: int,
    filters: TaskFilters,
    sort: Sort,
    limit: int,
    cursor: str | None,
) -> TaskPage:
    """One page of the owner's tasks, and the cursor of the next."""
    query = page_query(
        owner_id, filters, sort=sort, limit=limit, cursor=cursor, today=dt.date.today()
    )
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(sort, rows[-1]) if more else None
    return TaskPage(items=[public(task) for task in rows], next_cursor=next_cursor)


def stats(session: Session, *, owner_id: int, today: dt.date | None = None) -> Stats:
    """Open tasks, tasks done since Monday, overdue tasks, all tasks."""
    today = today or dt.date.today()
    monday = dt.datetime.combine(today - dt.timedelta(days=today.weekday()), dt.time(), dt.UTC)
    mine = Task.owner_id == owner_id
    count = func.count(Task.id)
    total = session.scalar(select(count).where(mine)) or 0
    done_open = session.scalar(select(count).where(mine, Task.done.is_(False))) or 0
    done_week = (
        session.scalar(select(count).where(mine, Task.done.is_(True), Task.completed_at >= monday))
        or 0
    )
    overdue = session.scalar(select(count).where(mine, Task.done.is_(False), Task.due < today)) or 0
    return Stats(open=done_open, done_this_week=done_week, overdue=overdue, total=total)
