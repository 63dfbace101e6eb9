"""Where tasks live: the TaskRepository protocol and a thread-safe in-memory implementation.

Routes depend on the protocol only, so a later day swaps in a database-backed repository
without touching them (see deps.get_repository).
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Protocol

from day04_fastapi_tasks.errors import TaskNotFoundError
from day04_fastapi_tasks.schemas import TaskCreate, TaskPage, TaskPublic, TaskUpdate
from shared.types import utc_now


class TaskRepository(Protocol):
    """Storage of tasks. find() orders by id ascending; unknown ids raise TaskNotFoundError."""

    def add(self, task: TaskCreate) -> TaskPublic:
        """Store a new task and return it with its id and timestamps."""
        ...

    def get(self, task_id: int) -> TaskPublic:
        """Return one task."""
        ...

    def find(self, *, done: bool | None = None, offset: int = 0, limit: int = 50) -> TaskPage:
        """Return one page of tasks, optionally only those with the given `done`."""
        ...

    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        """Apply the fields set in `changes` and return the updated task."""
        ...

    def delete(self, task_id: int) -> None:
        """Remove one task."""
        ...


def completion_changes(*, was_done: bool, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The `completed_at` change implied by `changes`.

    Set when done turns true, cleared when it turns false, untouched otherwise.
    """
    # solution: completed_at = now when done turns true, None when it turns false, else no change
    done = changes.get("done", was_done)
    if done and not was_done:
        return {"completed_at": now}
    if not done and was_done:
        return {"completed_at": None}
    return {}
    # end solution


class InMemoryTaskRepository:
    """Tasks in a dict, guarded by a lock so uvicorn's thread pool can share one instance."""

    def __init__(self) -> None:
        self._tasks: dict[int, TaskPublic] = {}
        self._next_id = 1
        self._lock = threading.Lock()

    def add(self, task: TaskCreate) -> TaskPublic:
        """Store a new task and return it with its id and timestamps."""
        # solution: store the task under the next id, its timestamps set to now
        now = utc_now()
        with self._lock:
            stored = TaskPublic(
                id=self._next_id,
                **task.model_dump(),
                created_at=now,
                updated_at=now,
                completed_at=now if task.done else None,
            )
            self._tasks[stored.id] = stored
            self._next_id += 1
        return stored
        # end solution

    def get(self, task_id: int) -> TaskPublic:
        """Return one task."""
        with self._lock:
            return self._get(task_id)

    def find(self, *, done: bool | None = None, offset: int = 0, limit: int = 50) -> TaskPage:
        """Return one page of tasks, optionally only those with the given `done`."""
        # solution: filter by done, order by id, then cut the page; total counts every match
        with self._lock:
            matching = [
                task for _, task in sorted(self._tasks.items()) if done is None or task.done == done
            ]
        page = matching[offset : offset + limit]
        return TaskPage(items=page, total=len(matching), offset=offset, limit=limit)
        # end solution

    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        """Apply the fields set in `changes` and return the updated task."""
        # solution: apply only the fields sent, plus completion_changes, and set updated_at
        fields = changes.model_dump(exclude_unset=True)
        now = utc_now()
        with self._lock:
            current = self._get(task_id)
            fields |= completion_changes(was_done=current.done, changes=fields, now=now)
            updated = current.model_copy(update={**fields, "updated_at": now})
            self._tasks[task_id] = updated
        return updated
        # end solution

    def delete(self, task_id: int) -> None:
        """Remove one task."""
        # solution: remove the task; an unknown id raises TaskNotFoundError
        with self._lock:
            self._get(task_id)
            del self._tasks[task_id]
        # end solution

    def _get(self, task_id: int) -> TaskPublic:
        # solution: return the task, or raise TaskNotFoundError(task_id)
        try:
            return self._tasks[task_id]
        except KeyError:
            raise TaskNotFoundError(task_id) from None
        # end solution
