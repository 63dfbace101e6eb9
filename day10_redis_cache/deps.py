"""FastAPI dependencies: the app's RedisCache and the cached task repository.

`get_cached_task_repository` replaces day 4's `get_repository` (through
`app.dependency_overrides`), so day 4's /tasks routes read through the cache unchanged.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from day04_fastapi_tasks import TaskRepository
from day07_sqlalchemy_orm import TaskDetail, TaskRepositoryDep
from day10_redis_cache.cache import RedisCache
from day10_redis_cache.repository import CachedTaskRepository


def get_cache(request: Request) -> RedisCache:
    """The cache the app was built with."""
    return cast(RedisCache, request.app.state.cache)


CacheDep = Annotated[RedisCache, Depends(get_cache)]


def get_cached_task_repository(inner: TaskRepositoryDep, cache: CacheDep) -> TaskRepository:
    """Day 7's SQL repository on this request's session, behind the cache."""
    return CachedTaskRepository(inner, cache, model=TaskDetail)
