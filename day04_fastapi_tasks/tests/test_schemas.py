"""The pydantic models: strict input, partial updates, ORM-friendly output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from day04_fastapi_tasks import TaskCreate, TaskPublic, TaskUpdate, completion_changes


def test_task_update_dumps_only_the_fields_sent() -> None:
    changes = TaskUpdate.model_validate({"done": True, "description": None})
    assert changes.model_dump(exclude_unset=True) == {"done": True, "description": None}


@pytest.mark.parametrize("field", ["title", "done"])
def test_task_update_refuses_null_for_required_task_fields(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TaskUpdate.model_validate({field: None})
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]


@pytest.mark.parametrize("field", ["title", "done"])
def test_schema_does_not_offer_null_for_title_or_done(field: str) -> None:
    """The published schema matches validation, so generated clients never send null."""
    schema = TaskUpdate.model_json_schema()["properties"][field]
    assert "anyOf" not in schema and schema["type"] in ("string", "boolean")


def test_task_create_accepts_python_dates_and_strips_titles() -> None:
    task = TaskCreate(title="  a  ", due_date=date(2030, 1, 1))
    assert (task.title, task.due_date) == ("a", date(2030, 1, 1))


def test_task_public_converts_from_an_orm_like_object() -> None:
    @dataclass
    class Row:
        id: int
        title: str
        description: str | None
        done: bool
        due_date: date | None
        created_at: datetime
        updated_at: datetime
        completed_at: datetime | None

    now = datetime.now(UTC)
    row = Row(1, "a", None, False, None, now, now, None)
    assert TaskPublic.model_validate(row).title == "a"


@pytest.mark.parametrize(
    ("was_done", "changes", "expected"),
    [
        (False, {"done": True}, {"completed_at": "now"}),
        (True, {"done": False}, {"completed_at": None}),
        (True, {"done": True}, {}),
        (False, {"title": "x"}, {}),
    ],
    ids=["marked-done", "marked-not-done", "done-again", "done-not-sent"],
)
def test_completion_changes_follow_done(
    was_done: bool, changes: dict[str, object], expected: dict[str, object]
) -> None:
    result = completion_changes(was_done=was_done, changes=changes, now="now")  # type: ignore[arg-type]
    assert result == expected
