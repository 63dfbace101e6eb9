"""InMemoryTaskRepository keeps the TaskRepository contract that other repositories follow."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from day04_fastapi_tasks import (
    InMemoryTaskRepository,
    TaskCreate,
    TaskNotFoundError,
    TaskRepository,
    TaskUpdate,
)


def test_in_memory_repository_satisfies_the_protocol() -> None:
    repository: TaskRepository = InMemoryTaskRepository()  # mypy checks the protocol here
    assert repository.find().total == 0


def test_add_assigns_increasing_ids_and_timestamps(repository: InMemoryTaskRepository) -> None:
    first = repository.add(TaskCreate(title="a", due_date=date(2030, 1, 31)))
    second = repository.add(TaskCreate(title="b"))
    assert (first.id, second.id) == (1, 2)
    assert first.created_at == first.updated_at
    assert first.due_date == date(2030, 1, 31)


def test_find_filters_orders_by_id_and_counts_before_paging(
    repository: InMemoryTaskRepository,
) -> None:
    for number in range(6):
        repository.add(TaskCreate(title=f"t{number}", done=number % 2 == 0))
    page = repository.find(done=True, offset=1, limit=1)
    assert [task.title for task in page.items] == ["t2"]
    assert (page.total, page.offset, page.limit) == (3, 1, 1)


def test_update_applies_only_the_fields_that_were_set(repository: InMemoryTaskRepository) -> None:
    task = repository.add(TaskCreate(title="a", description="keep"))
    updated = repository.update(task.id, TaskUpdate(done=True))
    assert (updated.title, updated.description, updated.done) == ("a", "keep", True)
    assert updated.completed_at == updated.updated_at
    assert repository.get(task.id) == updated


@pytest.mark.parametrize("operation", ["get", "update", "delete"])
def test_unknown_id_raises_task_not_found_naming_it(
    repository: InMemoryTaskRepository, operation: str
) -> None:
    calls = {
        "get": lambda: repository.get(7),
        "update": lambda: repository.update(7, TaskUpdate(title="x")),
        "delete": lambda: repository.delete(7),
    }
    with pytest.raises(TaskNotFoundError, match=r"^Task 7 does not exist\.$") as caught:
        calls[operation]()
    assert caught.value.task_id == 7


def test_concurrent_adds_get_distinct_ids(repository: InMemoryTaskRepository) -> None:
    """The lock makes id assignment atomic, so uvicorn's worker threads never share an id."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        tasks = list(pool.map(lambda n: repository.add(TaskCreate(title=f"t{n}")), range(200)))
    assert len({task.id for task in tasks}) == 200
    assert repository.find(limit=100).total == 200
