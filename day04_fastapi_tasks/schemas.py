"""Request and response models: TaskCreate and TaskUpdate in, TaskPublic and TaskPage out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import MISSING, AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictStr

from shared.types import NO_NUL, NOT_BLANK, IsoDate

TITLE_MAX = 200
DESCRIPTION_MAX = 2000

# Why the fields look like this (the plainest pydantic that keeps the schema honest):
# - `StrictStr` / `StrictBool`: JSON `"yes"` is not a boolean and `1` is not a title. Only these
#   fields are strict; a model-wide `strict=True` would also refuse the text a date arrives as.
# - `pattern=`: one rule that pydantic checks *and* the OpenAPI schema publishes, so a client
#   (and schemathesis) knows that a blank title, or text holding NUL (which PostgreSQL cannot
#   store, day 7), is refused. A custom validator would say it only in Python.
# - the title is stripped after those checks, so what the schema accepts is what the API accepts.
# - `IsoDate`: exactly `YYYY-MM-DD` text, as the schema's `format: date` says (shared.types).
Title = Annotated[
    StrictStr,
    Field(min_length=1, max_length=TITLE_MAX, pattern=NOT_BLANK, description="Not blank."),
    AfterValidator(str.strip),
]
Description = Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX, pattern=NO_NUL)]

# `\s` in a pattern means what Python's `re` (and schemathesis) mean by it.
_INPUT = ConfigDict(extra="forbid", regex_engine="python-re")


class TaskCreate(BaseModel):
    """The body of POST /tasks; unknown fields are refused, so a client's typo is a 422."""

    model_config = _INPUT

    title: Title
    description: Description | None = None
    done: StrictBool = False
    due_date: IsoDate | None = None


class TaskUpdate(BaseModel):
    """The body of PATCH /tasks/{id}: only the fields sent are changed.

    `description` and `due_date` may be set to null to clear them. `title` and `done` may be
    left out (`MISSING`: not in the schema's type, not in `model_dump()`) but not sent as null,
    since a task always has them.
    """

    model_config = _INPUT

    title: Title | MISSING = MISSING
    description: Description | None = None
    done: StrictBool | MISSING = MISSING
    due_date: IsoDate | None = None


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
