"""Invalidate after commit: the rows a transaction wrote decide which namespaces are dropped.

Listening on the app's sessionmaker, `after_flush` notes the tables of every new, changed or
deleted row, and `after_commit` bumps the matching namespaces once the data is really stored.
Why after the commit: a reader that misses *between* an early invalidation and the commit
would read the old rows and cache them under the new version, stale until the TTL. Writes
from every route are covered (tasks, projects, tags, day 8's inventory) without touching them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from day10_redis_cache.cache import RedisCache

TASKS = "tasks"
REPORTS = "reports"
# Which cached namespaces a changed row of each table makes stale. A task's change shows in
# task reads and in reports; any other table (projects, tags, inventory) only in reports.
WRITE_RULES: Mapping[str, tuple[str, ...]] = {"tasks": (TASKS, REPORTS)}
DEFAULT_NAMESPACES: tuple[str, ...] = (REPORTS,)
_PENDING = "day10_stale_namespaces"


def namespaces_for(
    rows: Iterable[object],
    *,
    rules: Mapping[str, tuple[str, ...]] = WRITE_RULES,
    default: tuple[str, ...] = DEFAULT_NAMESPACES,
) -> set[str]:
    """The namespaces that changes to these ORM rows make stale."""
    stale: set[str] = set()
    for row in rows:
        table = inspect(row).mapper.persist_selectable.name
        stale.update(rules.get(table, default))
    return stale


def invalidate_after_commit(
    factory: sessionmaker[Session],
    cache: RedisCache,
    *,
    rules: Mapping[str, tuple[str, ...]] = WRITE_RULES,
    default: tuple[str, ...] = DEFAULT_NAMESPACES,
) -> None:
    """Make every session of `factory` invalidate what it wrote, right after its commit."""

    def note_flushed_rows(session: Session, flush_context: Any) -> None:
        rows = chain(session.new, session.dirty, session.deleted)
        stale = namespaces_for(rows, rules=rules, default=default)
        session.info.setdefault(_PENDING, set()).update(stale)

    def invalidate_committed(session: Session) -> None:
        stale = session.info.pop(_PENDING, None)
        if stale:
            cache.invalidate(*sorted(stale))

    event.listen(factory, "after_flush", note_flushed_rows)
    event.listen(factory, "after_commit", invalidate_committed)
