"""The field rules both libraries apply: one function per rule, raising ValueError with a message.

marshmallow and pydantic each say how a payload is shaped (which fields, which are required,
nested lists, unknown keys); what a *value* must be is decided here, once, so the two can
only disagree about plumbing, never about a rule:

- text: a string of 1 to 300 characters with a visible one, no NUL and no lone surrogate;
  surrounding whitespace is trimmed (the contract's `Text`);
- whole numbers: JSON has one number type, so `1965.0` is the integer 1965 (as JSON Schema
  says), but `true`, `"1965"` and `1965.5` are not;
- a year from 1450 to next year, next year read from the validators' clock;
- an ISBN-10 or ISBN-13 with its check digit, by day 3's `normalize_isbn`;
- a member's email, by day 14's `validate_email` (normalised: the domain lower-cased);
- a timestamp: RFC 3339 with an explicit offset, kept in UTC and written back with a `Z`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from typing import Any

from day03_flask_crud import normalize_isbn
from day14_packaging import EmailError, validate_email

TEXT_MAX = 300
ISBN_MAX = 40
EMAIL_MAX = 254
MIN_YEAR = 1450
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)


class Tier(enum.StrEnum):
    """A member's tier; JSON carries its value (`"student"`)."""

    STANDARD = "standard"
    STUDENT = "student"
    STAFF = "staff"


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}
    names |= {dict: "object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def clean_text(value: object) -> str:
    """Trimmed text, or ValueError: a string, 1-300 characters, a visible one, no NUL."""
    # solution: check the type, length, a visible character, no NUL nor lone surrogate; trim
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {json_type(value)}")
    if len(value) > TEXT_MAX:
        raise ValueError(f"must be at most {TEXT_MAX} characters")
    if "\x00" in value or not value.strip():
        raise ValueError("must hold a visible character, and no NUL")
    if surrogate := _LONE_SURROGATE.search(value):
        raise ValueError(f"must be valid Unicode text, not hold U+{ord(surrogate.group()):04X}")
    return value.strip()
    # end solution


def whole_number(value: object, *, low: int, high: int) -> int:
    """An integer from `low` to `high`; a float with no fraction counts, a bool never does."""
    # solution: accept ints (and whole floats as ints), never bools, within the bounds
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be an integer, not {json_type(value)}")
    if not low <= value <= high:
        raise ValueError(f"must be from {low} to {high}, not {value}")
    return value
    # end solution


def check_year(value: object, *, today: dt.date) -> int:
    """A publication year: from 1450 (the printing press) to next year (announced books)."""
    return whole_number(value, low=MIN_YEAR, high=today.year + 1)


def clean_isbn(value: object) -> str:
    """The ISBN compacted (no hyphens or spaces), or ValueError; day 3 checks the digit."""
    # solution: check the type and length, then day 3's normalize_isbn
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {json_type(value)}")
    isbn = normalize_isbn(value) if len(value) <= ISBN_MAX else None
    if isbn is None:
        raise ValueError("must be a valid ISBN-10 or ISBN-13 (check digit included)")
    return isbn
    # end solution


def clean_email(value: object) -> str:
    """The address as day 14's library normalises it, or ValueError with its reason."""
    # solution: check the type and length, then day 14's validate_email (normalized)
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {json_type(value)}")
    if len(value) > EMAIL_MAX:
        raise ValueError(f"must be at most {EMAIL_MAX} characters")
    try:
        return validate_email(value).normalized
    except EmailError as exc:
        raise ValueError(f"must be an email address: {exc}") from exc
    # end solution


def parse_timestamp(value: object) -> dt.datetime:
    """An RFC 3339 timestamp with an offset, as an aware datetime in UTC."""
    # solution: match RFC 3339 with an offset, parse, convert to UTC
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {json_type(value)}")
    if not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 timestamp with an offset: 2024-05-01T09:30:00Z")
    try:
        parsed = dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"must be a real date and time: {exc}") from exc
    return parsed.astimezone(dt.UTC)
    # end solution


def timestamp(value: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z (a naive value is UTC already: SQLite drops the zone)."""
    # solution: an aware UTC datetime's isoformat with Z for +00:00
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    # end solution


# json.dumps builds a new encoder on every call that passes an option (here the separators),
# a quarter of the time it takes to write a book. One encoder, built once: the same bytes.
_COMPACT = json.JSONEncoder(separators=(",", ":"))


def json_bytes(data: Any) -> bytes:
    """Compact JSON, non-ASCII escaped: day 11's bytes, so ETags match across the two apps."""
    return _COMPACT.encode(data).encode()
