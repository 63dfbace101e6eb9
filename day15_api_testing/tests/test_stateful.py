"""The state machine and its model: agrees with the reference, finds sequences that break it."""

from __future__ import annotations

from typing import Any

import pytest

from day15_api_testing import Api, CheckFailure, TaskModel, in_process_api, run_state_machine
from day15_api_testing.tests.broken import VARIANTS


def test_model_pages_in_id_order_and_counts_every_match() -> None:
    model = TaskModel()
    for task_id, done in ((3, True), (1, False), (2, True)):
        model.add(task_id, {"title": f" task {task_id} ", "done": done})
    assert model.page(done=None, offset=1, limit=1) == ([2], 3)
    assert model.page(done=True, offset=0, limit=5) == ([2, 3], 2)
    assert model.get(3) == {"title": "task 3", "description": None, "done": True, "due_date": None}


def test_model_forgets_deleted_tasks_and_refuses_their_updates() -> None:
    model = TaskModel()
    model.add(1, {"title": "a"})
    assert model.update(1, {"title": " b "}) == {
        "title": "b",
        "description": None,
        "done": False,
        "due_date": None,
    }
    assert model.delete(1) is True and model.delete(1) is False
    assert model.get(1) is None and model.update(1, {"done": True}) is None


def test_state_machine_agrees_with_the_reference_api(task_api: Api) -> None:
    """Random sequences of create/read/update/delete/list agree with the model on day 7."""
    run_state_machine(task_api, max_examples=5, steps=8)


@pytest.mark.parametrize(
    "variant_id", ["delete-keeps-the-task", "total-counts-only-the-page", "offset-ignored"]
)
def test_state_machine_finds_a_sequence_that_breaks_a_buggy_api(
    task_app: Any, variant_id: str
) -> None:
    """On an API with a list or delete bug, the machine finds a failing sequence."""
    variant = next(v for v in VARIANTS if v.id == variant_id)
    variant.apply(task_app)
    with in_process_api(task_app) as api, pytest.raises(CheckFailure) as failure:
        run_state_machine(api, max_examples=30, steps=10, shrink=False)
    assert "the model expects" in str(failure.value) or "answered" in str(failure.value)
