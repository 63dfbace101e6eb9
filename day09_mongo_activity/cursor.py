"""Opaque page cursors: base64url of `<timestamp in ms>:<ObjectId hex>` of a page's last item.

Pages are sorted newest first on (timestamp, _id). The next page holds what sorts strictly
after the cursor, so activities sharing a timestamp are neither skipped nor repeated, and
inserts or deletes between requests cannot shift the window as `skip` would.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta

from bson import ObjectId

from day09_mongo_activity.errors import InvalidQuery

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PLAIN = re.compile(r"(-?\d{1,15}):([0-9a-f]{24})")


def encode_cursor(timestamp: datetime, oid: ObjectId) -> str:
    """The opaque `next` value for a page that ends at (timestamp, oid)."""
    # solution: base64url (no padding) of "<milliseconds since the epoch>:<ObjectId hex>"
    millis = (timestamp - _EPOCH) // timedelta(milliseconds=1)
    return base64.urlsafe_b64encode(f"{millis}:{oid}".encode()).decode().rstrip("=")
    # end solution


def decode_cursor(cursor: str) -> tuple[datetime, ObjectId]:
    """The (timestamp, ObjectId) a cursor stands for; InvalidQuery when it was not ours."""
    # solution: undo encode_cursor; InvalidQuery for anything this API did not issue
    try:
        plain = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        plain = ""
    match = _PLAIN.fullmatch(plain)
    if match is None:
        raise InvalidQuery("The cursor is not one this API returned; pass `next` unchanged.")
    try:
        timestamp = _EPOCH + timedelta(milliseconds=int(match.group(1)))
    except OverflowError:
        raise InvalidQuery("The cursor points outside the supported date range.") from None
    # end solution
    return timestamp, ObjectId(match.group(2))
