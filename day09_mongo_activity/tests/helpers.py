"""Helpers the tests share: timestamps written and read the way the API does."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """ISO-8601 the way the API writes it: UTC with a `Z` and milliseconds."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(stamp: str) -> datetime:
    """An ISO-8601 timestamp from a response, as an aware datetime."""
    return datetime.fromisoformat(stamp)
