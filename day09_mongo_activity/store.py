"""The data functions: every pymongo call of the API, each taking the collection it works on.

Queries are built from typed values only (strings, datetimes, ObjectIds), never from request
dictionaries, so nothing a client sends can become a query operator.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING

from day09_mongo_activity.cursor import decode_cursor, encode_cursor
from day09_mongo_activity.documents import to_public

logger = logging.getLogger(__name__)

SORT = [("timestamp", DESCENDING), ("_id", DESCENDING)]
TTL_INDEX = "timestamp_ttl"
_MOCK_WINDOW = timedelta(minutes=10)  # see _newest_on_mongomock


def ensure_indexes(collection: Any, *, retention_days: int) -> None:
    """Create the query indexes and the retention TTL index (idempotent; updates the TTL)."""
    # solution: the query indexes, then the TTL index (rebuilt when retention_days changed)
    collection.create_index([("user_id", ASCENDING), ("timestamp", DESCENDING)])
    collection.create_index([("action", ASCENDING)])
    seconds = retention_days * 86_400
    current = collection.index_information().get(TTL_INDEX)
    if current is not None and current.get("expireAfterSeconds") != seconds:
        # A real server could `collMod` in place; drop and create works on mongomock too.
        logger.info("retention changed to %d days: rebuilding the TTL index", retention_days)
        collection.drop_index(TTL_INDEX)
    collection.create_index("timestamp", name=TTL_INDEX, expireAfterSeconds=seconds)
    # end solution


def insert_activities(collection: Any, documents: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the documents in order; return them as the API shows them."""
    collection.insert_many(documents, ordered=True)  # pymongo sets each document's _id
    return [to_public(document) for document in documents]


def build_filter(
    *,
    user_id: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    meta: Mapping[str, str],
) -> dict[str, Any]:
    """The MongoDB filter for GET /activities and the stats: equality and a time range."""
    # solution: equality on meta.<path>, user_id and action; $gte since / $lt until on timestamp
    query: dict[str, Any] = {f"meta.{path}": value for path, value in meta.items()}
    if user_id is not None:
        query["user_id"] = user_id
    if action is not None:
        query["action"] = action
    window = {op: moment for op, moment in (("$gte", since), ("$lt", until)) if moment}
    if window:
        query["timestamp"] = window
    # end solution
    return query


def find_page(
    collection: Any, *, query: Mapping[str, Any], limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page, newest first, strictly after `cursor`; plus the cursor of the next page."""
    # solution: the matches after the cursor, newest first, limit + 1 (is there a next page?)
    conditions = [dict(query)]
    anchor = datetime.now(UTC)
    if cursor is not None:
        anchor, oid = decode_cursor(cursor)
        conditions.append(_after(anchor, oid))
    if _is_mongomock(collection):
        found = _newest_on_mongomock(collection, conditions, count=limit + 1, anchor=anchor)
    else:  # a real server reads the timestamp index in order and stops at limit + 1
        found = _newest(collection, conditions, count=limit + 1)
    # end solution
    page = found[:limit]
    next_cursor = None
    if len(found) > limit:
        last = page[-1]
        next_cursor = encode_cursor(to_public(last)["timestamp"], last["_id"])
    return [to_public(document) for document in page], next_cursor


def _is_mongomock(collection: Any) -> bool:
    return type(collection).__module__.partition(".")[0] == "mongomock"


def _newest(collection: Any, conditions: list[dict[str, Any]], *, count: int) -> list[Any]:
    """The `count` newest matches of all `conditions`, newest first."""
    selector = {"$and": conditions}
    return list(collection.find(selector).sort(SORT).limit(count))


def _newest_on_mongomock(
    collection: Any, conditions: list[dict[str, Any]], *, count: int, anchor: datetime
) -> list[Any]:
    """`_newest` for mongomock, which has no indexes: it copies and sorts every match.

    The page is first looked for among the activities of the ten minutes before `anchor`
    (now, or the cursor's time). If that window holds `count` matches, they are the newest
    ones (everything outside it is older), and only the window was copied and sorted. If not,
    the whole query runs, as on a real server: one extra scan of the collection.
    """
    recent = [*conditions, {"timestamp": {"$gte": anchor - _MOCK_WINDOW}}]
    found = _newest(collection, recent, count=count)
    return found if len(found) == count else _newest(collection, conditions, count=count)


def _after(timestamp: datetime, oid: ObjectId) -> dict[str, Any]:
    """Everything that sorts after (timestamp, oid) in the newest-first order."""
    return {
        "$or": [
            {"timestamp": {"$lt": timestamp}},
            {"timestamp": timestamp, "_id": {"$lt": oid}},
        ]
    }


def activity_stats(collection: Any, *, query: Mapping[str, Any], top: int) -> dict[str, Any]:
    """Counts per action per UTC day, the `top` most active users and the total."""
    # solution: one pipeline: $match, then $facet counts per (day, action), top users, total
    day = {"$dateToString": {"format": "%Y-%m-%d", "date": "$timestamp"}}
    pipeline: list[dict[str, Any]] = [
        {"$match": dict(query)},
        {
            "$facet": {
                "per_day": [
                    {"$group": {"_id": {"day": day, "action": "$action"}, "count": {"$sum": 1}}},
                    {"$sort": {"_id.day": 1, "_id.action": 1}},
                ],
                "users": [
                    {"$group": {"_id": "$user_id", "count": {"$sum": 1}}},
                    {"$sort": {"count": -1, "_id": 1}},
                    {"$limit": top},
                ],
                "total": [{"$count": "n"}],
            }
        },
    ]
    (result,) = collection.aggregate(pipeline)
    # end solution
    return {
        "total": result["total"][0]["n"] if result["total"] else 0,
        "per_action_per_day": [
            {"day": row["_id"]["day"], "action": row["_id"]["action"], "count": row["count"]}
            for row in result["per_day"]
        ],
        "top_users": [{"user_id": row["_id"], "count": row["count"]} for row in result["users"]],
    }


def erase_user(collection: Any, *, user_id: str) -> int:
    """Delete every activity of `user_id`; return how many there were."""
    # solution: delete_many the user's activities and keep how many there were
    deleted: int = collection.delete_many({"user_id": user_id}).deleted_count
    # end solution
    return deleted
