"""The day's error hierarchy; the app maps each error to a problem+json status."""

from __future__ import annotations


class Day04Error(Exception):
    """Base class of every error the task API raises on purpose."""


class TaskNotFoundError(Day04Error):
    """No task has the requested id (HTTP 404)."""

    def __init__(self, task_id: int) -> None:
        super().__init__(f"Task {task_id} does not exist.")
        self.task_id = task_id
