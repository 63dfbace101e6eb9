"""Day 8's errors: a report asked with filters that cannot be answered (HTTP 422, exit 2)."""

from __future__ import annotations

import datetime as dt


class Day08Error(Exception):
    """Base class of every error day 8 raises on purpose."""


class InvalidFilterError(Day08Error):
    """The filters contradict each other, e.g. a date range that ends before it starts."""


class DateRangeError(InvalidFilterError):
    """`from` is after `to`: the range holds no day at all."""

    def __init__(self, date_from: dt.date, date_to: dt.date) -> None:
        super().__init__(
            f"the date range is empty: from {date_from.isoformat()} is after "
            f"to {date_to.isoformat()}"
        )
        self.date_from = date_from
        self.date_to = date_to


class UnknownReportError(Day08Error):
    """No report has the requested name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"there is no report named {name!r}; choose one of {', '.join(known)}")
        self.name = name
