"""The exported cursor helpers: opaque, reversible, and strict about what they accept."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from bson import ObjectId

from day09_mongo_activity import InvalidQuery, decode_cursor, encode_cursor


def test_cursor_round_trips_timestamp_and_id() -> None:
    moment, oid = datetime(2026, 5, 4, 3, 2, 1, 999000, tzinfo=UTC), ObjectId()
    cursor = encode_cursor(moment, oid)
    assert decode_cursor(cursor) == (moment, oid)
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor, "URL-safe as is"


def test_cursor_is_base64_of_millis_and_hex_id() -> None:
    oid = ObjectId("66a1f0c2e4b0a1b2c3d4e5f6")
    cursor = encode_cursor(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC), oid)
    padded = cursor + "=" * (-len(cursor) % 4)
    assert base64.urlsafe_b64decode(padded) == b"1000:66a1f0c2e4b0a1b2c3d4e5f6"


def test_cursor_before_1970_round_trips() -> None:
    moment, oid = datetime(1960, 1, 1, tzinfo=UTC), ObjectId()
    assert decode_cursor(encode_cursor(moment, oid)) == (moment, oid)


@pytest.mark.parametrize(
    "cursor",
    ["", "!!!", "MTIz", "YWJjOmRlZg", "é"],
    ids=["empty", "not-base64", "no-separator", "not-our-format", "non-ascii"],
)
def test_foreign_cursors_raise_invalid_query(cursor: str) -> None:
    with pytest.raises(InvalidQuery, match="not one this API returned"):
        decode_cursor(cursor)
