"""Request and response models: TaskCreate and TaskUpdate in, TaskPublic and TaskPage out.

The input models are strict (JSON `"yes"` is not a boolean, `1` is not a string) and forbid
unknown fields, so a client's typo is a 422 instead of being silently dropped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

TITLE_MAX = 200
DESCRIPTION_MAX = 2000


def _date_or_iso_string(value: Any) -> Any:
    """JSON has no date type: accept ISO strings (and dates from Python), reject numbers."""
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("date_type", "Input should be a date string like 2025-01-31")


# `pattern` makes "has a visible character" part of the published schema, so clients (and
# schemathesis) know that a blank title is invalid; the stripping happens first.
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX, pattern=r"\S"),
]
Description = Annotated[str, StringConstraints(max_length=DESCRIPTION_MAX)]
# Strict mode would refuse the string a JSON body carries, so dates parse leniently from
# strings only (the model stays strict for every other field).
DueDate = Annotated[date, Strict(False), BeforeValidator(_date_or_iso_string)]


class TaskCreate(BaseModel):
    """The body of POST /tasks."""

    model_config = ConfigDict(strict=True, extra="forbid")

    title: Title
    description: Description | None = None
    done: bool = False
    due_date: DueDate | None = None


class TaskUpdate(BaseModel):
    """The body of PATCH /tasks/{id}: only the fields sent are changed.

    `description` and `due_date` may be set to null to clear them; `title` and `done` may not
    (a task always has them), so null is left out of their schema and rejected.
    """

    model_config = ConfigDict(strict=True, extra="forbid")

    title: Title | SkipJsonSchema[None] = None
    description: Description | None = None
    done: bool | SkipJsonSchema[None] = None
    due_date: DueDate | None = None

    @field_validator("title", "done", mode="before")
    @classmethod
    def _reject_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("not_nullable", "Field may be omitted but not null")
        return value


class TaskPublic(BaseModel):
    """A task as the API returns it; converts from ORM rows too (from_attributes)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
    done: bool
    due_date: date | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = Field(
        description="When the task was last marked done; null while it is not done."
    )


class TaskPage(BaseModel):
    """One page of GET /tasks: the items plus what is needed to ask for the next page."""

    items: list[TaskPublic]
    total: int = Field(description="Number of tasks matching the filter, on all pages.")
    offset: int
    limit: int
