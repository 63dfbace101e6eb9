"""Per-user caching of task lists and stats with day 10's `RedisCache`.

Each user's cached answers live in one namespace, `user:<id>`; every write of that user
bumps the namespace's version (one INCR), so no stale list or count is ever read again, and
another user's cache is untouched. Day 10's cache goes around Redis when it is down or slow
(X-Cache: BYPASS, one warning per outage), so the API keeps answering from the database.
Without REDIS_URL the cache is off: every read computes, and no X-Cache header is sent.
What is cached is the response body, the JSON text pydantic wrote: a hit costs two Redis
GETs (the namespace's version, then the entry) and no model or JSON work at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Response
from pydantic import BaseModel

from day10_redis_cache import RedisCache


def namespace(owner_id: int) -> str:
    """The cache namespace of one user's answers."""
    return f"user:{owner_id}"


class UserCache:
    """Cached reads and invalidation for one API process; `cache=None` means off."""

    def __init__(self, cache: RedisCache | None) -> None:
        self.cache = cache

    @property
    def description(self) -> str:
        """One line for the start-up log."""
        if self.cache is None:
            return "cache off (set REDIS_URL to cache task lists and stats in Redis)"
        return f"cache on Redis at {self.cache.address}"

    def read(self, owner_id: int, key: str, compute: Callable[[], BaseModel]) -> Any:
        """The answer for `key` as JSON values (parsed from `body`)."""
        return json.loads(self.body(owner_id, key, compute))

    def response(self, owner_id: int, key: str, compute: Callable[[], BaseModel]) -> Response:
        """The answer for `key` as a JSON response whose body is the cached text as it is."""
        return Response(self.body(owner_id, key, compute), media_type="application/json")

    def body(self, owner_id: int, key: str, compute: Callable[[], BaseModel]) -> str:
        """The JSON text of the answer for `key`: cached, else `compute()`d and stored.

        The text, not the model nor its dict: a hit is sent as the bytes stored, with no
        model to validate and no dict to serialise again (pydantic writes the text once, on
        a miss). Stored as a JSON string under "body:" keys, so entries of another shape
        are never read as one.
        """

        def as_text() -> str:
            return compute().model_dump_json()

        # solution: with a cache, get_or_compute in the user's namespace; without, compute
        if self.cache is None:
            return as_text()
        return self.cache.get_or_compute(
            namespace(owner_id), "body:" + key, as_text, lock=False, type_=str
        )
        # end solution

    def invalidate(self, owner_id: int) -> None:
        """Forget every cached answer of the user (after each of their writes)."""
        # solution: bump the user's namespace
        if self.cache is not None:
            self.cache.invalidate(namespace(owner_id))
        # end solution

    def close(self) -> None:
        """Close the Redis connections."""
        if self.cache is not None:
            self.cache.close()
