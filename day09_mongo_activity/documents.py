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


def check_free_form(value: Any, *, path: str = "meta", depth: int = 0) -> None:
    """Raise ValueError unless `value` is JSON that MongoDB stores as sent, keys and all."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{path} is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        for key, item in value.items():
            check_key(key, path=path)
            check_free_form(item, path=f"{path}.{key}", depth=depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_free_form(item, path=f"{path}[{index}]", depth=depth + 1)
    else:
        _check_scalar(value, path=path)


def check_key(key: str, *, path: str) -> None:
    """Raise ValueError for a key MongoDB would read as an operator or a path, or cannot store."""
    if not key or key.startswith("$") or "." in key or "\x00" in key:
        raise ValueError(
            f"the key {ascii(key)} in {ascii(path)} is not allowed: keys must be non-empty "
            "and must not start with '$' or contain '.' or NUL"
        )
    _check_text(key, path=path)


def _check_scalar(value: Any, *, path: str) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise ValueError(f"{ascii(path)} holds an integer outside MongoDB's 64-bit range")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{ascii(path)} holds {value}, which JSON cannot represent")
    if isinstance(value, str):
        _check_text(value, path=path)


def _check_text(text: str, *, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{ascii(path)} holds text that is not valid UTF-8") from None


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
