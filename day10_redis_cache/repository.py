"""CachedTaskRepository: day 4's TaskRepository protocol, cached in Redis (a decorator).

Reads (`get`, `find`) go through `RedisCache.get_or_compute` in the "tasks" namespace; writes
go to the wrapped repository and then invalidate the namespace. Wrapping the protocol, not a
class, means it caches day 4's in-memory repository and day 7's SQL one alike.
"""

from __future__ import annotations

from day04_fastapi_tasks import TaskCreate, TaskPage, TaskPublic, TaskRepository, TaskUpdate
from day10_redis_cache.cache import RedisCache

NAMESPACE = "tasks"


class CachedTaskRepository:
    """A TaskRepository that answers reads from Redis when it can.

    Task reads are cheap, so they skip the compute lock (`lock=False`): a burst of misses
    costs a few duplicate primary-key lookups, not a queue of waiting requests. `model` is
    what `inner.get` returns (day 7's SQL repository: a TaskDetail, with project and tags),
    so a hit comes back as the same type a miss did.
    """

    def __init__(
        self,
        inner: TaskRepository,
        cache: RedisCache,
        *,
        namespace: str = NAMESPACE,
        ttl: float | None = None,
        model: type[TaskPublic] = TaskPublic,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.namespace = namespace
        self.ttl = ttl
        self.model = model

    def add(self, task: TaskCreate) -> TaskPublic:
        """Store a task, then invalidate the cached reads (a new task changes every list)."""
        created = self.inner.add(task)
        self.cache.invalidate(self.namespace)
        return created

    def get(self, task_id: int) -> TaskPublic:
        """One task, from the cache if it is there."""
        # solution: answer from the cache, computing with the inner repository on a miss (no lock)
        return self.cache.get_or_compute(
            self.namespace,
            f"get:{task_id}",
            lambda: self.inner.get(task_id),
            ttl=self.ttl,
            type_=self.model,
            lock=False,
        )
        # end solution

    def find(self, *, done: bool | None = None, offset: int = 0, limit: int = 50) -> TaskPage:
        """One page of tasks, from the cache if it is there."""
        return self.cache.get_or_compute(
            self.namespace,
            f"find:done={done}:offset={offset}:limit={limit}",
            lambda: self.inner.find(done=done, offset=offset, limit=limit),
            ttl=self.ttl,
            type_=TaskPage,
            lock=False,
        )

    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        """Change a task, then invalidate the cached reads."""
        # solution: update through the inner repository, then invalidate the namespace
        updated = self.inner.update(task_id, changes)
        self.cache.invalidate(self.namespace)
        return updated
        # end solution

    def delete(self, task_id: int) -> None:
        """Delete a task, then invalidate the cached reads."""
        self.inner.delete(task_id)
        self.cache.invalidate(self.namespace)
