"""Listing a user's tasks: filters, sorting and keyset (cursor) pagination.

A cursor is the sort key and id of the last task on the page, base64url-encoded JSON. The
next page is "after that pair" in the sort order, so inserts and deletes between two pages
never make a task appear twice or be skipped (an offset would). A cursor made for another
sort order is refused. Undated tasks sort as if due on 9999-12-31.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from day20_capstone.errors import InvalidInput
from day20_capstone.models import Tag, Task

Sort = Literal["created", "-created", "due", "-due", "priority", "-priority"]
NO_DUE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class TaskFilters:
    """What a client may filter on (every field optional)."""

    done: bool | None = None
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    overdue: bool | None = None
    priority: int | None = None
    tag: str | None = None
    project_id: int | None = None
    q: str | None = None


def _sort_column(sort: Sort) -> ColumnElement[Any]:
    name = sort.lstrip("-")
    if name == "due":
        return func.coalesce(Task.due, NO_DUE)
    if name == "priority":
        return Task.priority  # type: ignore[return-value]
    return Task.id  # type: ignore[return-value]


def _conditions(owner_id: int, filters: TaskFilters, today: dt.date) -> list[ColumnElement[bool]]:
    # solution: every condition starts with the owner; then one per filter given
    conditions: list[ColumnElement[bool]] = [Task.owner_id == owner_id]
    if filters.done is not None:
        conditions.append(Task.done.is_(filters.done))
    if filters.due_before is not None:
        conditions.append(Task.due < filters.due_before)
    if filters.due_after is not None:
        conditions.append(Task.due > filters.due_after)
    if filters.overdue is not None:
        late = and_(Task.done.is_(False), Task.due < today)
        conditions.append(late if filters.overdue else or_(Task.due.is_(None), ~late))
    if filters.priority is not None:
        conditions.append(Task.priority == filters.priority)
    if filters.project_id is not None:
        conditions.append(Task.project_id == filters.project_id)
    if filters.tag is not None:
        conditions.append(Task.tags.any(Tag.name == filters.tag))
    if filters.q:
        pattern = (
            "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        conditions.append(
            or_(Task.title.ilike(pattern, escape="\\"), Task.notes.ilike(pattern, escape="\\"))
        )
    return conditions
    # end solution


def encode_cursor(sort: Sort, task: Task) -> str:
    """The cursor after `task` in `sort` order."""
    name = sort.lstrip("-")
    key: Any = task.id
    if name == "due":
        key = (task.due or NO_DUE).isoformat()
    elif name == "priority":
        key = task.priority
    raw = json.dumps([sort, key, task.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: Sort, cursor: str) -> tuple[Any, int]:
    """(key, id) from a cursor; InvalidInput for a forged, broken or other-sort cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, key, last_id = json.loads(raw)
        if made_for != sort or not isinstance(last_id, int):
            raise ValueError(made_for)
        if sort.lstrip("-") == "due":
            key = dt.date.fromisoformat(key)
        elif not isinstance(key, int):
            raise ValueError(key)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"The cursor {cursor[:40]!r} is not one this list gave out for sort={sort}."
        ) from exc
    return key, last_id


def page_query(
    owner_id: int,
    filters: TaskFilters,
    *,
    sort: Sort,
    limit: int,
    cursor: str | None,
    today: dt.date,
) -> Select[Task]:
    """The SELECT of one page (limit + 1 rows: the extra one says whether there is more)."""
    # solution: filter, then keyset: rows after (key, id) in the sort direction, limit + 1
    column = _sort_column(sort)
    descending = sort.startswith("-")
    query = select(Task).where(*_conditions(owner_id, filters, today))
    if cursor is not None:
        key, last_id = decode_cursor(sort, cursor)
        if descending:
            query = query.where(or_(column < key, and_(column == key, Task.id < last_id)))
        else:
            query = query.where(or_(column > key, and_(column == key, Task.id > last_id)))
    order = (column.desc(), Task.id.desc()) if descending else (column.asc(), Task.id.asc())
    return query.order_by(*order).limit(limit + 1)
    # end solution
