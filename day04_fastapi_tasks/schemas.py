"""Request and response models: TaskCreate and TaskUpdate in, TaskPublic and TaskPage out.

The input models are strict (JSON `"yes"` is not a boolean, `1` is not a string) and forbid
unknown fields, so a client's typo is a 422 instead of being silently dropped.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

TITLE_MAX = 200
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DESCRIPTION_MAX = 2000


def _date_or_iso_string(value: Any) -> Any:
    """JSON has no date type: accept `YYYY-MM-DD` strings (and dates from Python), nothing else.

    The schema publishes `format: date` (RFC 3339 full-date), so the check is exactly that:
    pydantic alone would also take "2025-01-31T00:00:00" or a Unix timestamp.
    """
    if isinstance(value, date) or (isinstance(value, str) and _FULL_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date string like 2025-01-31")


def _visible_title(value: str) -> str:
    """Strip the title; a blank one (or one holding NUL) is refused with a clear message."""
    _refuse_nul(value)
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("blank_title", "Title must not be blank")
    return stripped


def _refuse_nul(value: str) -> str:
    """PostgreSQL cannot store NUL in text, so no API that may use it accepts one."""
    if "\x00" in value:
        raise PydanticCustomError("text_nul", "Text must not contain NUL characters")
    return value


# The validators above say in words what these patterns publish in the schema (in Python's
# regex dialect, which schemathesis uses), so clients know a blank title is invalid.
TITLE_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
NO_NUL_PATTERN = r"^[^\x00]*$"

Title = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TITLE_MAX),
    AfterValidator(_visible_title),
    Field(json_schema_extra={"pattern": TITLE_PATTERN}),
]
Description = Annotated[
    str,
    StringConstraints(max_length=DESCRIPTION_MAX),
    AfterValidator(_refuse_nul),
    Field(json_schema_extra={"pattern": NO_NUL_PATTERN}),
]
# Strict mode would refuse the string a JSON body carries, so dates parse leniently from
# strings only (the model stays strict for every other field).
DueDate = Annotated[date, Strict(False), BeforeValidator(_date_or_iso_string)]


def _omittable(type_: Any) -> GetPydanticSchema:
    """Validate and document a field as `type_` alone, without `| None`.

    Left out, the field keeps its default None; sent as null, it is refused, and the error sits
    at the field's own path (`body.title`), which a `Title | None` union would not give.
    """
    return GetPydanticSchema(lambda _source, handler: handler(type_))


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

    title: Annotated[str | None, _omittable(Title)] = None
    description: Description | None = None
    done: Annotated[bool | None, _omittable(bool)] = None
    due_date: DueDate | None = None


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
