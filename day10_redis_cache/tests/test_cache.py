"""RedisCache on the real Redis: JSON values with TTL and jitter, namespaces, the compute lock."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis
from pydantic import BaseModel

from day10_redis_cache import CacheStatus, RedisCache, collect_outcomes
from day10_redis_cache.tests.helpers import FakeClock, make_cache
from shared.testing import RedisSlice


class Point(BaseModel):
    x: int
    when: dt.date


def test_set_then_get_returns_the_value_and_a_miss_returns_none(cache: RedisCache) -> None:
    with collect_outcomes() as outcomes:
        assert cache.get("things", "a") is None, "nothing stored yet: a miss is None"
        assert cache.set("things", "a", {"n": [1, 2]}) is True
        assert cache.get("things", "a") == {"n": [1, 2]}
    assert outcomes == [CacheStatus.MISS, CacheStatus.HIT]


def test_typed_values_come_back_as_their_type(cache: RedisCache) -> None:
    point = Point(x=3, when=dt.date(2026, 3, 1))
    cache.set("things", "p", point, type_=Point)
    assert cache.get("things", "p", type_=Point) == point, "a model comes back as the model"


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_every_key_lives_under_the_prefix(cache: RedisCache, redis_slice: RedisSlice) -> None:
    cache.set("things", "a", 1)
    cache.get_or_compute("other", "b", lambda: 2)
    keys = [key.decode() for key in redis_slice.client.scan_iter(match="*course_test*")]
    mine = [key for key in keys if key.startswith(redis_slice.prefix)]
    assert len(mine) == 4, f"two version counters and two values expected, got {mine}"


def test_invalidate_drops_one_namespace_only(cache: RedisCache) -> None:
    cache.set("tasks", "a", 1)
    cache.set("reports", "a", 2)
    assert cache.invalidate("tasks") is True
    assert cache.get("tasks", "a") is None, "the invalidated namespace misses"
    assert cache.get("reports", "a") == 2, "other namespaces keep their values"


def test_value_expires_after_its_ttl(cache: RedisCache) -> None:
    cache.set("things", "short", "soon gone", ttl=0.03)
    assert cache.get("things", "short") == "soon gone"
    time.sleep(0.1)
    assert cache.get("things", "short") is None, "the value should expire after 30 ms"


def test_ttl_jitter_stays_within_its_fraction(redis_slice: RedisSlice, clock: FakeClock) -> None:
    low = make_cache(redis_slice.url, redis_slice.prefix, clock, jitter=0.1, rng=lambda: 0.0)
    high = make_cache(redis_slice.url, redis_slice.prefix, clock, jitter=0.1, rng=lambda: 1.0)
    assert (low.ttl_ms(10), high.ttl_ms(10)) == (9000, 11000), "10 s give or take 10%"
    assert low.ttl_ms(0.0001) == 1, "a TTL is at least one millisecond"


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_stored_ttl_is_the_jittered_one(cache: RedisCache, redis_slice: RedisSlice) -> None:
    cache.set("things", "a", 1, ttl=100)
    key = next(k for k in redis_slice.client.scan_iter(match=f"{redis_slice.prefix}things:v[0-9]*"))
    assert 89_000 <= redis_slice.client.pttl(key) <= 110_000


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_lost_version_counter_never_brings_old_values_back(
    cache: RedisCache, redis_slice: RedisSlice
) -> None:
    """If Redis evicts a version counter, it restarts from the clock, not from an old number."""
    cache.set("things", "a", "old")
    redis_slice.client.delete(f"{redis_slice.prefix}things:version")
    assert cache.get("things", "a") is None


def test_get_or_compute_computes_once_then_hits(cache: RedisCache) -> None:
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"answer": 42}

    with collect_outcomes() as outcomes:
        first = cache.get_or_compute("things", "q", compute)
        second = cache.get_or_compute("things", "q", compute)
    assert first == second == {"answer": 42}
    assert len(calls) == 1, "the second call must come from Redis"
    assert outcomes == [CacheStatus.MISS, CacheStatus.HIT]


def test_cached_none_is_a_hit_not_a_miss(cache: RedisCache) -> None:
    calls: list[int] = []
    for _ in range(2):
        cache.get_or_compute("things", "nothing", lambda: calls.append(1), lock=False)
    assert len(calls) == 1, "None is a value like any other"


def test_compute_errors_propagate_and_cache_nothing(cache: RedisCache) -> None:
    def broken() -> int:
        raise LookupError("no such thing")

    with pytest.raises(LookupError):
        cache.get_or_compute("things", "bad", broken)
    assert cache.get_or_compute("things", "bad", lambda: 7) == 7, "the lock was released"


def test_twenty_concurrent_identical_calls_compute_once(cache: RedisCache) -> None:
    calls: list[int] = []
    start = threading.Barrier(20)

    def compute() -> dict[str, int]:
        calls.append(1)
        time.sleep(0.2)  # slow enough that every caller arrives while it runs
        return {"total": 1000}

    def call() -> Any:
        start.wait()
        return cache.get_or_compute("reports", "big", compute)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: call(), range(20)))
    assert results == [{"total": 1000}] * 20
    assert len(calls) == 1, f"one caller computes, the others wait; computed {len(calls)} times"


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_waiters_take_over_when_the_lock_holder_vanishes(
    cache: RedisCache, redis_slice: RedisSlice
) -> None:
    """A crashed holder's lock expires; a waiter then computes instead of waiting forever."""
    cache.get_or_compute("reports", "warm-up", lambda: 0)  # creates the version counter
    version = redis_slice.client.get(f"{redis_slice.prefix}reports:version")
    lock = f"{redis_slice.prefix}reports:lock:v{int(version or 0)}:r"
    redis_slice.client.set(lock, "crashed-holder", px=100)
    began = time.monotonic()
    assert cache.get_or_compute("reports", "r", lambda: "computed") == "computed"
    assert time.monotonic() - began >= 0.09, "it waited for the holder's lock to expire"


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_a_caller_that_gets_the_lock_after_the_holder_left_reads_the_value(
    redis_slice: RedisSlice,
) -> None:
    """Between a caller's miss and its SET NX, another holder may store the value and let go
    of the lock: the lock's new owner looks again before computing, and computes nothing."""

    class HolderFinishesJustBefore(redis.Redis):
        def set(self, name: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
            if kwargs.get("nx") and ":lock:" in str(name):  # the other holder's SET, then ours
                super().set(str(name).replace(":lock:", ":", 1), b'"the holder\'s value"')
            return super().set(name, value, *args, **kwargs)

    cache = RedisCache(
        HolderFinishesJustBefore.from_url(redis_slice.url), prefix=redis_slice.prefix
    )
    calls: list[int] = []
    value = cache.get_or_compute("reports", "r", lambda: calls.append(1) or "computed")
    assert (value, calls) == ("the holder's value", []), (
        "after taking the lock, read the key again before computing: someone may have just "
        "stored it (double-checked locking)"
    )
    cache.close()


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_waiters_compute_themselves_when_the_wait_is_too_long(
    redis_slice: RedisSlice, clock: FakeClock
) -> None:
    cache = make_cache(redis_slice.url, redis_slice.prefix, clock, lock_timeout=0.1)
    cache.get_or_compute("reports", "warm-up", lambda: 0)
    version = redis_slice.client.get(f"{redis_slice.prefix}reports:version")
    lock = f"{redis_slice.prefix}reports:lock:v{int(version or 0)}:r"
    redis_slice.client.set(lock, "slow-holder", px=5000)
    assert cache.get_or_compute("reports", "r", lambda: "mine") == "mine"
    assert redis_slice.client.get(lock) == b"slow-holder", "another holder's lock is not ours"
    cache.close()


def test_a_value_that_no_longer_fits_its_type_is_recomputed(cache: RedisCache) -> None:
    cache.set("things", "p", {"x": "not a number"})
    point = Point(x=1, when=dt.date(2026, 1, 1))
    assert cache.get_or_compute("things", "p", lambda: point, type_=Point) == point


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_long_keys_are_shortened_with_a_hash(cache: RedisCache, redis_slice: RedisSlice) -> None:
    cache.set("things", "k" * 500, 1)
    cache.set("things", "k" * 499 + "j", 2)
    assert (cache.get("things", "k" * 500), cache.get("things", "k" * 499 + "j")) == (1, 2)
    keys = list(redis_slice.client.scan_iter(match=f"{redis_slice.prefix}things:v[0-9]*"))
    assert all(len(key) < 250 for key in keys)


def test_cached_decorator_keys_on_arguments_and_ignores_named_ones(cache: RedisCache) -> None:
    calls: list[tuple[int, str]] = []

    @cache.cached("things", ignore=("session",))
    def double(n: int, *, session: object, unit: str = "m") -> Point:
        calls.append((n, unit))
        return Point(x=2 * n, when=dt.date(2026, 1, n))

    assert double(1, session=object()) == Point(x=2, when=dt.date(2026, 1, 1))
    assert double(1, session=object()).x == 2, "another session, same key: a hit, as a Point"
    double(2, session=object())
    double(1, session=object(), unit="km")
    assert calls == [(1, "m"), (2, "m"), (1, "km")]
    assert double.__name__ == "double"


def test_cached_decorator_without_resolvable_annotations_returns_json(cache: RedisCache) -> None:
    def legacy(n):  # type: ignore[no-untyped-def]
        return {"n": n}

    legacy.__annotations__ = {"return": "Undefined"}
    cached = cache.cached("things")(legacy)
    assert cached(1) == cached(1) == {"n": 1}


def test_ping_reports_whether_redis_answers(cache: RedisCache) -> None:
    assert cache.ping() is True
    assert "RedisCache(address=" in repr(cache)
