"""Day 10: day 7's task API and day 8's reports cached in Redis (cache-aside, TTL + jitter,
versioned namespaces, a compute lock against stampedes, and a breaker that survives Redis outages).

Later days import `RedisCache` (get/set/invalidate/get_or_compute/cached), `CircuitBreaker`,
`CacheStatus` with `CacheHeaderMiddleware` (the X-Cache header), and `create_app`.
The names that need FastAPI, SQLAlchemy or day 8's app are imported on first use (PEP 562): a
day 20 Celery worker, which needs only `RedisCache`, starts without them.
"""

from __future__ import annotations

import typing as _typing

from day10_redis_cache.breaker import BreakerState, CircuitBreaker
from day10_redis_cache.cache import RedisCache
from day10_redis_cache.outcome import (
    HEADER,
    CacheHeaderMiddleware,
    CacheStatus,
    collect_outcomes,
    record,
    summarize,
)
from shared.lazy import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from day10_redis_cache.app import build_cache, create_app
    from day10_redis_cache.config import Settings
    from day10_redis_cache.deps import CacheDep, get_cache, get_cached_task_repository
    from day10_redis_cache.invalidation import Invalidation, install_invalidation, namespaces_for
    from day10_redis_cache.reports import CachedAnswer, cached_router
    from day10_redis_cache.repository import CachedTaskRepository

_LAZY = {
    "build_cache": "day10_redis_cache.app",
    "create_app": "day10_redis_cache.app",
    "Settings": "day10_redis_cache.config",
    "CacheDep": "day10_redis_cache.deps",
    "get_cache": "day10_redis_cache.deps",
    "get_cached_task_repository": "day10_redis_cache.deps",
    "Invalidation": "day10_redis_cache.invalidation",
    "install_invalidation": "day10_redis_cache.invalidation",
    "namespaces_for": "day10_redis_cache.invalidation",
    "CachedAnswer": "day10_redis_cache.reports",
    "cached_router": "day10_redis_cache.reports",
    "CachedTaskRepository": "day10_redis_cache.repository",
}

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

__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
