"""Request and response models for projects, tags and a task with its project and tags.

Separate from the ORM models (models.py): `XCreate` comes in, `XPublic` goes out, and a
route's response_model decides exactly which columns a client sees. Input models are strict
and forbid unknown fields, like day 4's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from day04_fastapi_tasks import TaskPublic
from day07_sqlalchemy_orm.models import NAME_MAX, TAG_MAX

# A name has one visible character at least and no NUL (PostgreSQL cannot store NUL).
NAME_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
# Tags are URL-friendly slugs, so they can appear in paths as they are: /tasks/1/tags/urgent.
TAG_PATTERN = rf"^[a-z0-9][a-z0-9-]{{0,{TAG_MAX - 1}}}$"


def _visible_name(value: str) -> str:
    """Strip the name; refuse a blank one or one holding NUL, in words a client can act on."""
    if "\x00" in value:
        raise PydanticCustomError("text_nul", "Name must not contain NUL characters")
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("blank_name", "Name must not be blank")
    return stripped


ProjectName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=NAME_MAX),
    AfterValidator(_visible_name),
    Field(json_schema_extra={"pattern": NAME_PATTERN}),
]
TagName = Annotated[
    str,
    StringConstraints(pattern=TAG_PATTERN, max_length=TAG_MAX),
    Field(description="A lowercase slug: letters, digits and dashes, e.g. `urgent`."),
]


class ProjectCreate(BaseModel):
    """The body of POST /projects."""

    model_config = ConfigDict(strict=True, extra="forbid")

    name: ProjectName


class ProjectPublic(BaseModel):
    """A project as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: datetime
    updated_at: datetime


class TagCreate(BaseModel):
    """The body of POST /tags."""

    model_config = ConfigDict(strict=True, extra="forbid")

    name: TagName


class TagPublic(BaseModel):
    """A tag as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: datetime


class TaskDetail(TaskPublic):
    """Day 4's TaskPublic plus the task's project and the names of its tags (sorted)."""

    project_id: int | None
    tags: list[str]
