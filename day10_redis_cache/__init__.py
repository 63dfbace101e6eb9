"""Day 10: day 7's task API and day 8's reports cached in Redis (cache-aside, TTL + jitter,
versioned namespaces, a compute lock against stampedes, and a breaker that survives Redis outages).

Later days import `RedisCache` (get/set/invalidate/get_or_compute/cached), `CircuitBreaker`,
`CacheStatus` with `CacheHeaderMiddleware` (the X-Cache header), and `create_app`.
"""

from day10_redis_cache.app import build_cache, create_app
from day10_redis_cache.breaker import BreakerState, CircuitBreaker
from day10_redis_cache.cache import RedisCache
from day10_redis_cache.config import Settings
from day10_redis_cache.deps import CacheDep, get_cache, get_cached_task_repository
from day10_redis_cache.invalidation import Invalidation, install_invalidation, namespaces_for
from day10_redis_cache.outcome import (
    HEADER,
    CacheHeaderMiddleware,
    CacheStatus,
    collect_outcomes,
    record,
    summarize,
)
from day10_redis_cache.reports import CachedAnswer, cached_router
from day10_redis_cache.repository import CachedTaskRepository

__all__ = [
    "HEADER",
    "Invalidation",
    "BreakerState",
    "CacheDep",
    "CacheHeaderMiddleware",
    "CacheStatus",
    "CachedAnswer",
    "CachedTaskRepository",
    "CircuitBreaker",
    "RedisCache",
    "Settings",
    "build_cache",
    "cached_router",
    "collect_outcomes",
    "create_app",
    "get_cache",
    "get_cached_task_repository",
    "install_invalidation",
    "namespaces_for",
    "record",
    "summarize",
]
