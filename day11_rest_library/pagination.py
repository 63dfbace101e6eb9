"""Cursor (keyset) pagination over any sort order, with next/prev links.

A page never says "skip 4000 rows" (OFFSET reads and throws away every row before the page,
and a row added meanwhile shifts every page after it). It says "the 20 rows after this one":
the cursor holds the sort values of the last row shown (or, going back, of the first), and
the query asks for rows beyond them in sort order. With `sort=-year,title` (the id always
breaks ties) the rows after (1965, "Dune", 7) are

    year < 1965
    OR (year = 1965 AND title > 'Dune')
    OR (year = 1965 AND title = 'Dune' AND id > 7)

Cursors are opaque to clients (base64url JSON) and carry the sort they were made for, so a
cursor reused with another `sort` is a 422 instead of a silently wrong page.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_
from sqlalchemy.orm import QueryableAttribute, Session

from shared.problems import FieldError, FieldValidationError

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")  # what PostgreSQL text cannot hold


@dataclass(frozen=True)
class SortKey:
    """One column of the sort order: its name in `?sort=`, the column and its direction."""

    name: str
    column: QueryableAttribute[Any]
    descending: bool = False


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: the sort values of the row next to it, and which way to go."""

    values: tuple[Any, ...]
    backwards: bool = False


@dataclass(frozen=True)
class PageRequest:
    """The `sort`, `limit` and `cursor` of a list request, checked."""

    sort: str
    keys: tuple[SortKey, ...]
    limit: int = DEFAULT_LIMIT
    cursor: Cursor | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """The rows of one page and the cursors of the pages before and after it (None: no page)."""

    items: list[T]
    next: str | None
    prev: str | None


def parse_sort(text: str, columns: Mapping[str, QueryableAttribute[Any]]) -> tuple[SortKey, ...]:
    """`-year,title` as sort keys, the id appended as the tie-breaker; 422 for unknown fields.

    A field named twice counts once (the first time): a later one could change nothing.
    """
    keys: dict[str, SortKey] = {}
    for part in text.split(","):
        name = part.removeprefix("-")
        if name not in columns:
            allowed = ", ".join(columns)
            message = f"must list fields of {allowed} (each may start with -), not {text!r}"
            raise FieldValidationError([FieldError("sort", message)])
        keys.setdefault(name, SortKey(name, columns[name], descending=part.startswith("-")))
    keys.setdefault("id", SortKey("id", columns["id"]))
    return tuple(keys.values())


def encode_cursor(sort: str, values: Sequence[Any], *, backwards: bool) -> str:
    """An opaque cursor for the row with `values` under `sort`."""
    payload = {"sort": sort, "after": list(values), "back": backwards}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, sort: str, keys: Sequence[SortKey]) -> Cursor:
    """Read a cursor made by `encode_cursor` for this sort; 422 for anything else.

    A cursor is opaque, not secret: a client can edit one, so each value is checked against
    its column's type before it reaches SQL.
    """
    try:
        payload = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        values, backwards = payload["after"], payload["back"]
        valid = (
            payload["sort"] == sort
            and isinstance(backwards, bool)
            and isinstance(values, list)
            and len(values) == len(keys)
            and all(_fits(key, value) for key, value in zip(keys, values, strict=True))
        )
    except (binascii.Error, ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        message = "is not a cursor of this list and sort: copy it from a next or prev link"
        raise FieldValidationError([FieldError("cursor", message)])
    return Cursor(tuple(values), backwards)


def _fits(key: SortKey, value: object) -> bool:
    """True when `value` can be compared with the key's column in SQL."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return key.column.type.python_type is int and abs(value) <= 2**31
    if isinstance(value, str):
        return key.column.type.python_type is str and not _UNSAFE_TEXT.search(value)
    return False


def after(keys: Sequence[SortKey], cursor: Cursor) -> ColumnElement[bool]:
    """The WHERE clause for the rows beyond `cursor` in the sort order (before it, backwards)."""
    # solution: OR over each key: the keys before it equal, this one beyond in its direction
    clauses = []
    for i, key in enumerate(keys):
        value = cursor.values[i]
        beyond = key.column < value if key.descending != cursor.backwards else key.column > value
        equal = [k.column == cursor.values[j] for j, k in enumerate(keys[:i])]
        clauses.append(and_(*equal, beyond))
    return or_(false(), *clauses)
    # end solution


def fetch_page(
    session: Session,
    query: Select[T],
    wanted: PageRequest,
    key_of: Callable[[T], Sequence[Any]],
) -> Page[T]:
    """Run `query` for one page in `wanted`'s order; the cursors of its neighbours."""
    # solution: order (reversed when going back), filter after the cursor, fetch limit + 1
    cursor, keys = wanted.cursor, wanted.keys
    backwards = cursor is not None and cursor.backwards
    order = [k.column.desc() if k.descending != backwards else k.column.asc() for k in keys]
    if cursor is not None:
        query = query.where(after(keys, cursor))
    rows = list(session.scalars(query.order_by(*order).limit(wanted.limit + 1)).unique())
    more = len(rows) > wanted.limit  # one row beyond the page: there is a page after it
    rows = rows[: wanted.limit]
    if backwards:
        rows.reverse()
    has_next = more if not backwards else True
    has_prev = more if backwards else cursor is not None
    return Page(
        items=rows,
        next=encode_cursor(wanted.sort, key_of(rows[-1]), backwards=False)
        if rows and has_next
        else None,
        prev=encode_cursor(wanted.sort, key_of(rows[0]), backwards=True)
        if rows and has_prev
        else None,
    )
    # end solution
