"""What may be stored: safe keys, BSON-representable values, UTC millisecond timestamps.

MongoDB reads a key that starts with `$` as an operator and a key holding `.` as a path, so a
client that could choose such keys could smuggle operators into documents or queries. Every key
of a free-form field is checked here, at any depth, before anything reaches pymongo.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import bson
from bson import ObjectId

MAX_DEPTH = 20
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

Loc = tuple[str | int, ...]


class UnsafeField(ValueError):
    """A free-form field MongoDB would misread or cannot store; `loc` is where the client put it."""

    def __init__(self, message: str, *, loc: Loc) -> None:
        super().__init__(message)
        self.loc = loc


def check_free_form(fields: Mapping[str, Any], *, loc: Loc = ()) -> None:
    """Raise UnsafeField unless `fields` is JSON that MongoDB stores as sent, keys and all."""
    _check_value(dict(fields), loc=loc, depth=0)


def _check_value(value: Any, *, loc: Loc, depth: int) -> None:
    # solution: walk dicts and lists, checking every key and every scalar, down to MAX_DEPTH
    if depth > MAX_DEPTH:
        raise UnsafeField(f"the value is nested more than {MAX_DEPTH} levels deep", loc=loc)
    if isinstance(value, dict):
        for key, item in value.items():
            check_key(key, loc=(*loc, _printable(key)))
            _check_value(item, loc=(*loc, _printable(key)), depth=depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, loc=(*loc, index), depth=depth + 1)
    else:
        _check_scalar(value, loc=loc)
    # end solution


def check_key(key: str, *, loc: Loc) -> None:
    """Raise UnsafeField for a key MongoDB would read as an operator or a path, or cannot store."""
    # solution: refuse empty keys, keys starting with '$', and keys holding '.' or NUL
    if not key or key.startswith("$") or "." in key or "\x00" in key:
        raise UnsafeField(
            f"the key {ascii(key)} is not allowed: keys must be non-empty "
            "and must not start with '$' or contain '.' or NUL",
            loc=loc,
        )
    # end solution
    _check_text(key, loc=loc)


def _printable(key: str) -> str:
    """The key as an error location: as sent, unless it cannot even be encoded as UTF-8."""
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return ascii(key)
    return key


def _check_scalar(value: Any, *, loc: Loc) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise UnsafeField("the integer is outside MongoDB's 64-bit range", loc=loc)
    if isinstance(value, float) and not math.isfinite(value):
        raise UnsafeField(f"{value} is not a number JSON can represent", loc=loc)
    if isinstance(value, str):
        _check_text(value, loc=loc)


def _check_text(text: str, *, loc: Loc) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnsafeField("the text is not valid UTF-8 (a lone surrogate)", loc=loc) from None


def to_utc(moment: datetime) -> datetime:
    """Return `moment` in UTC, cut to the millisecond precision MongoDB stores."""
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{moment.isoformat()} is outside the supported date range") from None
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


def bson_size(document: Mapping[str, Any]) -> int:
    """Bytes the document takes once encoded as BSON, as MongoDB will store it."""
    return len(bson.encode(document))


def to_public(document: Mapping[str, Any]) -> dict[str, Any]:
    """A stored document as the API shows it: `id` as hex, timestamp as aware UTC."""
    stamp: datetime = document["timestamp"]
    oid: ObjectId = document["_id"]
    return {
        "id": str(oid),
        "user_id": document["user_id"],
        "action": document["action"],
        "timestamp": stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC),
        "meta": document.get("meta", {}),
    }
