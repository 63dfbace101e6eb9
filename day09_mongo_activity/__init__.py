"""Day 9: a MongoDB-backed FastAPI API that stores and queries unstructured user-activity logs.

Built on pymongo (mongomock when MONGODB_URL is unset): free-form documents, cursor pagination,
an aggregation pipeline for stats, TTL retention and erasure. Public names for later days below
(day 13's uploads reuse `BodySizeLimit`, the ASGI middleware that refuses oversized bodies).
"""

from __future__ import annotations

from day09_mongo_activity.app import create_app
from day09_mongo_activity.body_limit import BodySizeLimit
from day09_mongo_activity.config import Settings
from day09_mongo_activity.cursor import decode_cursor, encode_cursor
from day09_mongo_activity.errors import (
    BatchTooLarge,
    DatabaseUnavailable,
    Day09Error,
    DocumentTooLarge,
    InvalidQuery,
)
from day09_mongo_activity.schemas import ActivityCreate, ActivityPage, ActivityPublic, ActivityStats

__all__ = [
    "ActivityCreate",
    "ActivityPage",
    "ActivityPublic",
    "ActivityStats",
    "BatchTooLarge",
    "BodySizeLimit",
    "DatabaseUnavailable",
    "Day09Error",
    "DocumentTooLarge",
    "InvalidQuery",
    "Settings",
    "create_app",
    "decode_cursor",
    "encode_cursor",
]
