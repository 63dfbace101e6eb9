"""Per-user caching of task lists and stats with day 10's `RedisCache`.

Each user's cached answers live in one namespace, `user:<id>`; every write of that user
bumps the namespace's version (one INCR), so no stale list or count is ever read again, and
another user's cache is untouched. Day 10's cache goes around Redis when it is down or slow
(X-Cache: BYPASS, one warning per outage), so the API keeps answering from the database.
Without REDIS_URL the cache is off: every read computes, and no X-Cache header is sent.
What is cached is the response body, the JSON text pydantic wrote: a hit costs one Redis
round trip (a script reads the namespace's version, then the entry) and no model work.

Hits are read on the event loop, with an asyncio Redis client (`response` is async): a
request's trip to a worker thread and back costs more than the Redis read, and under load
it waits for the GIL behind the loop. A miss, a BYPASS or anything unexpected goes the sync way,
through day 10's `get_or_compute` in the thread pool, which computes, stores, handles outages
and logs them. The loop only ever reads: it can answer a hit, never decide a miss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import redis.asyncio
from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from redis.backoff import NoBackoff
from redis.commands.core import AsyncScript
from redis.retry import Retry

from day10_redis_cache import BreakerState, CacheStatus, RedisCache, record

READ_TIMEOUT = 0.1  # seconds, as day 10's RedisCache.from_url: an outage costs little
# Day 10's two reads of a hit (the namespace's version, then the entry under it) in one
# round trip. The entry's key is built inside the script from the version it just read;
# Redis Cluster would want every key declared in KEYS, a single server does not.
READ_HIT = """
local version = redis.call('GET', KEYS[1])
if not version then return false end
return redis.call('GET', ARGV[1] .. version .. ARGV[2])
"""


def namespace(owner_id: int) -> str:
    """The cache namespace of one user's answers."""
    return f"user:{owner_id}"


def entry(key: str) -> str:
    """The entry name of an answer: "body:" and a digest of its key, so it is always short
    (day 10 shortens a long key with a hash of its own, which the loop's reader would not
    know) and a query string can never spell another key."""
    return "body:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


class UserCache:
    """Cached reads and invalidation for one API process; `cache=None` means off."""

    def __init__(self, cache: RedisCache | None, url: str = "") -> None:
        self.cache = cache
        self.url = url  # the Redis server's, for the event loop's own client
        self._reader: redis.asyncio.Redis | None = None
        self._read_hit: AsyncScript | None = None

    @property
    def description(self) -> str:
        """One line for the start-up log."""
        if self.cache is None:
            return "cache off (set REDIS_URL to cache task lists and stats in Redis)"
        return f"cache on Redis at {self.cache.address}"

    def start_reader(self) -> None:
        """Open the event loop's client, in the app's lifespan (an asyncio client belongs to
        the loop it first ran on): the same server as the cache, the same short timeouts."""
        if self.cache is not None and self._reader is None:
            self._reader = redis.asyncio.Redis.from_url(
                self.url,
                socket_timeout=READ_TIMEOUT,
                socket_connect_timeout=READ_TIMEOUT,
                retry=Retry(NoBackoff(), 0),
            )
            self._read_hit = self._reader.register_script(READ_HIT)

    async def stop_reader(self) -> None:
        """Close the event loop's client."""
        if self._reader is not None:
            await self._reader.aclose()
            self._reader = self._read_hit = None

    async def response(self, owner_id: int, key: str, compute: Callable[[], BaseModel]) -> Response:
        """The answer for `key` as a JSON response whose body is the cached text as it is:
        a hit read on the loop, else `body` in the thread pool (`compute` may use the
        request's session there)."""
        text = await self.hit(owner_id, key)
        if text is None:
            text = await run_in_threadpool(self.body, owner_id, key, compute)
        return Response(text, media_type="application/json")

    async def hit(self, owner_id: int, key: str) -> str | None:
        """The cached text for `key`, read on the event loop; None for anything but a hit.

        Day 10's key layout: `{prefix}{namespace}:version`, then the entry under that
        version (`READ_HIT`). A breaker that is not closed, a Redis error or an entry of
        another shape is left to the sync path, which meets the same thing and deals with it.
        """
        cache, read_hit = self.cache, self._read_hit
        if cache is None or read_hit is None or cache.breaker.state is not BreakerState.CLOSED:
            return None
        head = f"{cache.prefix}{namespace(owner_id)}:"
        try:
            raw = await read_hit(keys=[head + "version"], args=[head + "v", ":" + entry(key)])
        except redis.RedisError:
            return None
        text = _stored_text(raw)
        if text is not None:
            record(CacheStatus.HIT)
        return text

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
            namespace(owner_id), entry(key), as_text, lock=False, type_=str
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


def _stored_text(raw: bytes | str | None) -> str | None:
    """The text in a cached entry (day 10 stores a str as a JSON string), else None."""
    if raw is None:
        return None
    try:
        text = json.loads(raw)
    except ValueError:
        return None
    return text if isinstance(text, str) else None
