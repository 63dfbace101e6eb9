"""RedisCache: cache-aside with JSON values, TTL jitter, versioned namespaces and a compute lock.

Keys (all under `prefix`):
    {prefix}{namespace}:version            a counter; INCR'd by invalidate(namespace)
    {prefix}{namespace}:v{version}:{key}   a cached value (JSON), with a TTL
    {prefix}{namespace}:lock:v{version}:{key}   "someone is computing this" (SET NX PX)
Invalidating a namespace is one INCR: readers build keys with the new version and miss, and
the old entries are never read again and expire on their own (no KEYS, no SCAN).

Every Redis call goes through a circuit breaker with short socket timeouts. When Redis is
down or slow the caller's `compute()` runs instead (X-Cache: BYPASS), one warning is logged
per outage, and Redis is tried again after a back-off. The cache never raises a Redis error.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import logging
import random
import secrets
import time
import typing
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar, cast

import redis
from pydantic import TypeAdapter, ValidationError
from redis.backoff import NoBackoff
from redis.retry import Retry

from day10_redis_cache.breaker import BreakerState, CircuitBreaker
from day10_redis_cache.outcome import CacheStatus, record
from shared.services import SERVICES

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

KEY_MAX = 200  # longer keys are shortened to a prefix plus a hash of the whole
_MISSING: Any = object()
# Delete the lock only if it is still ours (it may have expired and been taken by another).
_RELEASE_LOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class _Unavailable(Exception):
    """Redis was skipped (breaker open) or failed; the caller goes on without it."""


@functools.lru_cache(maxsize=256)
def _adapter(type_: Any) -> TypeAdapter[Any]:
    return TypeAdapter(type_)


def _short(key: str) -> str:
    if len(key) <= KEY_MAX:
        return key
    return f"{key[:80]}#{hashlib.sha256(key.encode()).hexdigest()}"


class RedisCache:
    """A cache-aside helper on one Redis client; safe to share between threads.

    Values are anything pydantic can dump to JSON; pass `type_` (a model, `list[Model]`, ...)
    to get the same type back on a hit (default `Any`: plain JSON values).
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "cache:",
        ttl: float = 60.0,
        jitter: float = 0.1,
        lock_timeout: float = 10.0,
        poll_interval: float = 0.01,
        namespaces: Iterable[str] = (),
        breaker: CircuitBreaker | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl = ttl
        self.jitter = jitter
        self.lock_timeout = lock_timeout
        self.poll_interval = poll_interval
        self.breaker = breaker if breaker is not None else CircuitBreaker()
        self._random = rng
        self._namespaces = set(namespaces)
        self._release = client.register_script(_RELEASE_LOCK)

    @classmethod
    def from_url(cls, url: str, *, socket_timeout: float = 0.1, **options: Any) -> RedisCache:
        """A cache on a new client for `url`: short timeouts, no retries (the breaker decides)."""
        client = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )
        return cls(client, **options)

    @property
    def address(self) -> str:
        """host:port of the Redis server, for log lines (never the password)."""
        kwargs = self.client.connection_pool.connection_kwargs
        return f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()

    def ping(self) -> bool:
        """True if Redis answers now (a failure opens the breaker and logs the warning)."""
        try:
            self._redis(self.client.ping)
        except _Unavailable:
            return False
        return True

    # --- the cache-aside API ----------------------------------------------------------------

    def get(self, namespace: str, key: str, *, type_: Any = Any) -> Any:
        """The cached value, or None on a miss or when Redis is unavailable."""
        try:
            data_key = self._data_key(namespace, key)
            raw = self._redis(lambda: self.client.get(data_key))
        except _Unavailable:
            record(CacheStatus.BYPASS)
            return None
        value = self._load(_adapter(type_), raw)
        record(CacheStatus.MISS if value is _MISSING else CacheStatus.HIT)
        return None if value is _MISSING else value

    def set(
        self, namespace: str, key: str, value: Any, *, ttl: float | None = None, type_: Any = Any
    ) -> bool:
        """Store `value` for `ttl` seconds (with jitter); False when Redis is unavailable."""
        payload = _adapter(type_).dump_json(value)
        try:
            data_key = self._data_key(namespace, key)
            self._redis(lambda: self.client.set(data_key, payload, px=self.ttl_ms(ttl)))
        except _Unavailable:
            record(CacheStatus.BYPASS)
            return False
        return True

    def invalidate(self, *namespaces: str) -> bool:
        """Make every cached value of these namespaces unreachable (one INCR each)."""
        self._namespaces.update(namespaces)
        try:
            self._redis(lambda: self._bump(namespaces))
        except _Unavailable:
            record(CacheStatus.BYPASS)
            return False
        return True

    def get_or_compute(
        self,
        namespace: str,
        key: str,
        compute: Callable[[], T],
        *,
        ttl: float | None = None,
        type_: Any = Any,
        lock: bool = True,
    ) -> T:
        """The cached value, else `compute()` stored for `ttl` seconds (jittered).

        With `lock` (for expensive values), one caller computes under a Redis lock while
        identical callers poll for its result; if the holder vanishes they take over. When
        Redis is unavailable every caller just computes. Exceptions from `compute` propagate
        and nothing is cached.
        """
        # solution: read the key: a hit returns it; a miss computes (locked if asked) and stores
        adapter = _adapter(type_)
        try:
            data_key = self._data_key(namespace, key)
            raw = self._redis(lambda: self.client.get(data_key))
        except _Unavailable:
            record(CacheStatus.BYPASS)
            return compute()
        value = self._load(adapter, raw)
        if value is not _MISSING:
            record(CacheStatus.HIT)
            return cast(T, value)
        if lock:
            lock_key = self._lock_key(namespace, data_key)
            return self._compute_once(data_key, lock_key, compute, adapter, ttl)
        return self._compute_and_store(data_key, compute, adapter, ttl)
        # end solution

    def cached(
        self,
        namespace: str,
        *,
        ttl: float | None = None,
        ignore: Iterable[str] = (),
        lock: bool = True,
    ) -> Callable[[Callable[P, T]], Callable[P, T]]:
        """Decorator: cache a function's results, keyed by its name and its arguments.

        Arguments named in `ignore` (a Session, a repository) are left out of the key; the
        others must be JSON-friendly (str() is used for dates and the like). Hits come back
        as the function's annotated return type.
        """
        skipped = frozenset(ignore)

        def decorate(func: Callable[P, T]) -> Callable[P, T]:
            signature = inspect.signature(func)
            name = f"{func.__module__}.{func.__qualname__}"
            return_type = _return_type(func)

            @functools.wraps(func)
            def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                parts = {k: v for k, v in bound.arguments.items() if k not in skipped}
                key = f"{name}:{json.dumps(parts, sort_keys=True, default=str)}"
                return self.get_or_compute(
                    namespace,
                    key,
                    lambda: func(*args, **kwargs),
                    ttl=ttl,
                    type_=return_type,
                    lock=lock,
                )

            return wrapper

        return decorate

    def ttl_ms(self, ttl: float | None = None) -> int:
        """`ttl` seconds (default: the cache's) in milliseconds, give or take the jitter."""
        seconds = self.ttl if ttl is None else ttl
        factor = 1 + self.jitter * (2 * self._random() - 1)
        return max(1, round(seconds * 1000 * factor))

    # --- internals ----------------------------------------------------------------------------

    def _compute_and_store(
        self, data_key: str, compute: Callable[[], T], adapter: TypeAdapter[Any], ttl: float | None
    ) -> T:
        # solution: compute the value, then SET it with the jittered TTL (BYPASS if Redis fails)
        record(CacheStatus.MISS)
        value = compute()
        payload = adapter.dump_json(value)
        try:
            self._redis(lambda: self.client.set(data_key, payload, px=self.ttl_ms(ttl)))
        except _Unavailable:
            record(CacheStatus.BYPASS)
        return value
        # end solution

    def _compute_once(
        self,
        data_key: str,
        lock_key: str,
        compute: Callable[[], T],
        adapter: TypeAdapter[Any],
        ttl: float | None,
    ) -> T:
        token = secrets.token_hex(8)
        deadline = time.monotonic() + self.lock_timeout
        lock_ms = round(self.lock_timeout * 1000)
        try:
            while time.monotonic() < deadline:
                if self._redis(lambda: self.client.set(lock_key, token, nx=True, px=lock_ms)):
                    # Look again, now that the lock is ours: a holder may have stored the
                    # value and left between our miss and our SET NX (double-checked).
                    value = self._load(adapter, self._redis(lambda: self.client.get(data_key)))
                    if value is not _MISSING:
                        self._unlock(lock_key, token)
                        record(CacheStatus.HIT)
                        return cast(T, value)
                    break
                value = self._wait_for(data_key, lock_key, adapter, deadline)
                if value is not _MISSING:
                    record(CacheStatus.HIT)
                    return cast(T, value)
        except _Unavailable:
            record(CacheStatus.BYPASS)
            return compute()
        try:  # holding the lock, or tired of waiting for a holder that never finished
            return self._compute_and_store(data_key, compute, adapter, ttl)
        finally:
            self._unlock(lock_key, token)

    def _wait_for(
        self, data_key: str, lock_key: str, adapter: TypeAdapter[Any], deadline: float
    ) -> Any:
        """Poll until the value appears (returned), the lock is gone or the deadline passes."""
        while time.monotonic() < deadline:
            time.sleep(self.poll_interval)
            raw, held = self._redis(lambda: self._peek(data_key, lock_key))
            value = self._load(adapter, raw)
            if value is not _MISSING or not held:
                return value
        return _MISSING

    def _peek(self, data_key: str, lock_key: str) -> list[Any]:
        pipe = self.client.pipeline(transaction=False)
        pipe.get(data_key)
        pipe.exists(lock_key)
        return pipe.execute()

    def _unlock(self, lock_key: str, token: str) -> None:
        try:
            self._redis(lambda: self._release(keys=[lock_key], args=[token]))
        except _Unavailable:
            pass  # the lock expires on its own

    def _load(self, adapter: TypeAdapter[Any], raw: Any) -> Any:
        if raw is None:
            return _MISSING
        try:
            return adapter.validate_json(raw)
        except ValidationError:
            logger.debug("ignoring a cached value that no longer fits its type", exc_info=True)
            return _MISSING

    def _data_key(self, namespace: str, key: str) -> str:
        # solution: build {prefix}{namespace}:v{version}:{key}; a missing version starts from now
        self._namespaces.add(namespace)
        version_key = f"{self.prefix}{namespace}:version"

        def read_version() -> Any:
            version = self.client.get(version_key)
            if version is not None:  # the hot path: one read-only GET
                return version
            # First use (or evicted): start from the clock, so numbers are never reused.
            pipe = self.client.pipeline(transaction=False)
            pipe.set(version_key, time.time_ns() // 1000, nx=True)
            pipe.get(version_key)
            return pipe.execute()[1]

        version = int(self._redis(read_version))
        return f"{self.prefix}{namespace}:v{version}:{_short(key)}"
        # end solution

    def _lock_key(self, namespace: str, data_key: str) -> str:
        head = f"{self.prefix}{namespace}:"
        return f"{head}lock:{data_key.removeprefix(head)}"

    def _bump(self, namespaces: Iterable[str]) -> None:
        # solution: INCR each namespace's version (SET NX from the clock first), in one pipeline
        seed = time.time_ns() // 1000
        pipe = self.client.pipeline(transaction=False)
        for namespace in namespaces:
            version_key = f"{self.prefix}{namespace}:version"
            pipe.set(version_key, seed, nx=True)
            pipe.incr(version_key)
        pipe.execute()
        # end solution

    def _redis(self, operation: Callable[[], T]) -> T:
        """Run one Redis operation through the breaker; _Unavailable if skipped or failed."""
        if not self.breaker.allow():
            raise _Unavailable
        try:
            if self.breaker.state is BreakerState.HALF_OPEN:
                # Writes during the outage could not invalidate anything: forget it all first.
                self._bump(sorted(self._namespaces))
            result = operation()
        except redis.RedisError as exc:
            if self.breaker.failed():
                logger.warning(
                    "Redis at %s is not reachable (%s); answering from the database without "
                    "a cache (X-Cache: BYPASS) and trying again in %g s; start it with: %s",
                    self.address,
                    type(exc).__name__,
                    self.breaker.retry_after,
                    SERVICES["redis"].start_command,
                )
            raise _Unavailable from exc
        if self.breaker.succeeded():
            logger.info(
                "Redis at %s is back; entries from before the outage are dropped", self.address
            )
        return result

    def __repr__(self) -> str:
        return f"RedisCache(address={self.address!r}, prefix={self.prefix!r})"


def _return_type(func: Callable[..., Any]) -> Any:
    """The function's annotated return type, or Any when it cannot be resolved."""
    try:
        return typing.get_type_hints(func).get("return", Any)
    except (NameError, TypeError):
        return Any
