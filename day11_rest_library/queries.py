"""Query strings of the list routes, checked by hand: filters, `sort`, `limit` and `cursor`.

Every problem of one request is reported at once, as a 422 naming each parameter. Unknown
parameters are ignored (a client may add its own, such as a cache-buster).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import QueryableAttribute

from day11_rest_library.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PageRequest,
    decode_cursor,
    parse_sort,
)
from shared.problems import FieldError, FieldValidationError
from shared.types import ID_MAX

MAX_TEXT = 300
MAX_YEAR = 9999
_DIGITS = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class BookFilters:
    """What `GET /books` narrows the list to (None: no such filter)."""

    author: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    q: str | None = None


@dataclass(frozen=True)
class LoanFilters:
    """What `GET /loans` narrows the list to."""

    book_id: int | None = None
    open: bool | None = None


class _Problems:
    """Collects the problems of one query string, to raise them together."""

    def __init__(self, args: Mapping[str, str]) -> None:
        self.args = args
        self.errors: list[FieldError] = []

    def text(self, name: str) -> str | None:
        value = self.args.get(name)
        if value is None:
            return None
        if "\x00" in value or len(value) > MAX_TEXT:
            self.errors.append(FieldError(name, f"must be at most {MAX_TEXT} characters, no NUL"))
            return None
        return value.strip() or None

    def whole(self, name: str, low: int, high: int, default: int | None = None) -> int | None:
        raw = self.args.get(name)
        if raw is None:
            return default
        if _DIGITS.fullmatch(raw) and low <= int(raw) <= high:
            return int(raw)
        shown = raw if len(raw) <= 20 else raw[:20] + "..."
        self.errors.append(
            FieldError(name, f"must be a whole number from {low} to {high}, not {shown!r}")
        )
        return default

    def boolean(self, name: str) -> bool | None:
        raw = self.args.get(name)
        if raw is None:
            return None
        if raw in ("true", "false"):
            return raw == "true"
        self.errors.append(FieldError(name, f"must be true or false, not {raw[:20]!r}"))
        return None

    def check(self) -> None:
        if self.errors:
            raise FieldValidationError(self.errors)


def parse_book_filters(args: Mapping[str, str]) -> BookFilters:
    """`author`, `year_from`, `year_to` and `q`; 422 naming each bad one."""
    problems = _Problems(args)
    filters = BookFilters(
        author=problems.text("author"),
        year_from=problems.whole("year_from", 0, MAX_YEAR),
        year_to=problems.whole("year_to", 0, MAX_YEAR),
        q=problems.text("q"),
    )
    problems.check()
    return filters


def parse_loan_filters(args: Mapping[str, str]) -> LoanFilters:
    """`book_id` and `open`; 422 naming each bad one."""
    problems = _Problems(args)
    filters = LoanFilters(
        book_id=problems.whole("book_id", 1, ID_MAX), open=problems.boolean("open")
    )
    problems.check()
    return filters


def parse_text_filter(args: Mapping[str, str], name: str = "q") -> str | None:
    """One free-text filter such as `q`."""
    problems = _Problems(args)
    value = problems.text(name)
    problems.check()
    return value


def parse_page_request(
    args: Mapping[str, str], columns: Mapping[str, QueryableAttribute[Any]], default_sort: str
) -> PageRequest:
    """`sort` (over `columns`), `limit` and `cursor`; 422 naming each bad one."""
    problems = _Problems(args)
    limit = problems.whole("limit", 1, MAX_LIMIT, DEFAULT_LIMIT) or DEFAULT_LIMIT
    problems.check()
    sort = args.get("sort", default_sort)
    keys = parse_sort(sort, columns)
    raw_cursor = args.get("cursor")
    cursor = decode_cursor(raw_cursor, sort, keys) if raw_cursor is not None else None
    return PageRequest(sort=sort, keys=keys, limit=limit, cursor=cursor)
