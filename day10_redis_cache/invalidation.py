"""Invalidate after commit: the rows a transaction wrote decide which namespaces are dropped.

Two listeners on SQLAlchemy's `Session` class (so on every session, whichever factory made
it): `after_flush` notes the tables of every new, changed or deleted row, and `after_commit`
bumps the matching namespaces once the data is really stored. They act only on sessions
whose `info` names an `Invalidation`: `install_invalidation` puts one in the app's
`session_info`, which day 7's `get_session` copies into each request's session. Keyed on the
session, not on one sessionmaker object, invalidation keeps working when a test kit (or
day 15, or the capstone) replaces the app's session factory.

Why after the commit: a reader that misses *between* an early invalidation and the commit
would read the old rows and cache them under the new version, stale until the TTL. Writes
from every route are covered (tasks, projects, tags, day 8's inventory) without touching them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, SessionTransaction

from day10_redis_cache.cache import RedisCache

TASKS = "tasks"
REPORTS = "reports"
# Which cached namespaces a changed row of each table makes stale. A task's change shows in
# task reads and in reports; any other table (projects, tags, inventory) only in reports.
WRITE_RULES: Mapping[str, tuple[str, ...]] = {"tasks": (TASKS, REPORTS)}
DEFAULT_NAMESPACES: tuple[str, ...] = (REPORTS,)
INFO_KEY = "day10_invalidation"  # where a session's info holds its Invalidation
_PENDING = "day10_stale_namespaces"


@dataclass(frozen=True)
class Invalidation:
    """What a session's commits invalidate, and in which cache."""

    cache: RedisCache
    rules: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: WRITE_RULES)
    default: tuple[str, ...] = DEFAULT_NAMESPACES


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


def install_invalidation(
    session_info: MutableMapping[str, Any], cache: RedisCache, **options: Any
) -> Invalidation:
    """Make every session opened with `session_info` invalidate what it wrote, after commit.

    `session_info` is the app's `app.state.session_info`; `options` are `rules` and `default`.
    """
    invalidation = Invalidation(cache, **options)
    session_info[INFO_KEY] = invalidation
    if not event.contains(Session, "after_commit", _invalidate_committed):
        event.listen(Session, "after_flush", _note_flushed_rows)
        event.listen(Session, "after_commit", _invalidate_committed)
        event.listen(Session, "after_soft_rollback", _forget_pending)
    return invalidation


def _note_flushed_rows(session: Session, flush_context: Any) -> None:
    invalidation = session.info.get(INFO_KEY)
    if not isinstance(invalidation, Invalidation):
        return  # a session of some other program: not ours to watch
    # solution: note the namespaces the new, changed and deleted rows make stale
    rows = chain(session.new, session.dirty, session.deleted)
    stale = namespaces_for(rows, rules=invalidation.rules, default=invalidation.default)
    session.info.setdefault(_PENDING, set()).update(stale)
    # end solution


def _invalidate_committed(session: Session) -> None:
    invalidation = session.info.get(INFO_KEY)
    # solution: once committed, invalidate the namespaces noted since the last commit
    stale = session.info.pop(_PENDING, None)
    if stale and isinstance(invalidation, Invalidation):
        invalidation.cache.invalidate(*sorted(stale))
    # end solution


def _forget_pending(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction (not a savepoint) was rolled back
        session.info.pop(_PENDING, None)  # nothing was stored, nothing is stale
