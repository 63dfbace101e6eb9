"""Constants and pydantic types that several API days share, so each rule is written once.

- `ID_MAX`: ids, offsets and other integers the APIs accept fit a 32-bit SQL INTEGER, so a
  database-backed day never overflows a column (PostgreSQL's `integer` stops at 2**31 - 1).
- `NO_NUL`, `NOT_BLANK`: regex patterns for text fields. PostgreSQL cannot store NUL in text,
  and a title of spaces shows nothing. As `Field(pattern=...)` they are both what pydantic
  checks and what the OpenAPI schema publishes, so clients (and schemathesis) see the same rule.
- `IsoDate`, `IsoDateTime`: JSON has no date type, so dates travel as text. These accept exactly
  the ISO-8601 text the schema's `format: date` / `format: date-time` promises (plus `date` /
  `datetime` objects from Python); pydantic alone would also read `1700000000` as a Unix time
  and `"2025-01-31T00:00:00"` as a date.
- `utc_now()`: the one clock of the APIs: timezone-aware, in UTC.

Imported by the days that depend on pydantic (not re-exported by `shared`, whose import stays
standard library only).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError

__all__ = [
    "ID_MAX",
    "NOT_BLANK",
    "NO_NUL",
    "IsoDate",
    "IsoDateTime",
    "iso_date_text",
    "iso_datetime_text",
    "utc_now",
]

ID_MAX = 2**31 - 1

# Python's regex dialect (what schemathesis generates from); use these with a model whose
# config says `regex_engine="python-re"`, so pydantic reads `\s` exactly as Python does.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"  # no NUL, and at least one visible character

_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATE_TIME_START = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]", re.ASCII)


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def iso_date_text(value: Any) -> Any:
    """Let through a `date` or `YYYY-MM-DD` text (pydantic then parses it); refuse the rest."""
    if isinstance(value, date) or (isinstance(value, str) and _FULL_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date string like 2025-01-31")


def iso_datetime_text(value: Any) -> Any:
    """Let through a `datetime` or ISO-8601 date-time text; refuse numbers and other text."""
    if isinstance(value, datetime) or (isinstance(value, str) and _DATE_TIME_START.match(value)):
        return value
    raise PydanticCustomError(
        "datetime_format", "Input should be an ISO-8601 date-time like 2025-01-31T09:30:00Z"
    )


IsoDate = Annotated[date, BeforeValidator(iso_date_text)]
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(iso_datetime_text)]
