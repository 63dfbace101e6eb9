"""The in-memory model of /tasks that the state machine compares the API with.

A dict of what each task must look like, and the pages a list must answer: as simple as it
can be, so that it is obviously right. Where the API and this disagree, the API is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELDS = ("title", "description", "done", "due_date")


@dataclass
class TaskModel:
    """Tasks by id, holding the fields a client sent (titles stripped, as the API stores them)."""

    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)

    def add(self, task_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """Record a created task; what it must look like."""
        expected = {"title": "", "description": None, "done": False, "due_date": None, **body}
        expected["title"] = str(expected["title"]).strip()
        self.tasks[task_id] = expected
        return expected

    def get(self, task_id: int) -> dict[str, Any] | None:
        """The task as it must read, or None once deleted."""
        return self.tasks.get(task_id)

    def update(self, task_id: int, changes: dict[str, Any]) -> dict[str, Any] | None:
        """Apply a PATCH's fields; the task as it must read after it, or None if deleted."""
        task = self.tasks.get(task_id)
        if task is None:
            return None
        task.update(changes)
        task["title"] = str(task["title"]).strip()
        return task

    def delete(self, task_id: int) -> bool:
        """Forget a task; False if it was gone already (the API must answer 404)."""
        return self.tasks.pop(task_id, None) is not None

    def page(self, *, done: bool | None, offset: int, limit: int) -> tuple[list[int], int]:
        """The ids one page must hold, in id order, and the total over all pages."""
        ids = sorted(i for i, t in self.tasks.items() if done is None or t["done"] is done)
        return ids[offset : offset + limit], len(ids)
