"""Factories: valid request bodies built from the API's own pydantic input models.

polyfactory, not factory_boy, because the suite is black-box: it needs JSON bodies for
HTTP, not rows saved through an ORM session (factory_boy's strength). polyfactory reads the
constraints of `TaskCreate`, `ProjectCreate` and `TagCreate` (lengths, patterns, strict
types, dates), so a body it builds is valid by construction and follows the schema when the
schema changes; a check then names only the fields it cares about:
`TaskFactory.payload(done=True)`. Names carry a random suffix, so runs against a live server
that already holds data never collide with its rows (names are unique there).
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Generic, TypeVar

from polyfactory import Use
from polyfactory.factories.pydantic_factory import ModelFactory
from pydantic import BaseModel

from day04_fastapi_tasks import TaskCreate
from day07_sqlalchemy_orm import ProjectCreate, TagCreate

Model = TypeVar("Model", bound=BaseModel)


def unique_suffix() -> str:
    """Twelve hex digits no other run is using."""
    return uuid.uuid4().hex[:12]


class _PayloadFactory(ModelFactory[Model], Generic[Model]):
    """A factory whose `payload(**fields)` is the JSON body of a built model."""

    __is_base_factory__ = True
    __check_model__ = True

    @classmethod
    def payload(cls, **fields: Any) -> dict[str, Any]:
        """A valid JSON body; `fields` are sent as given (they may make it invalid on purpose)."""
        built = cls.build().model_dump(mode="json", exclude={*fields})
        return {**built, **fields}


class TaskFactory(_PayloadFactory[TaskCreate]):
    """Tasks with any valid title, description, done flag and due date."""

    __model__ = TaskCreate


class ProjectFactory(_PayloadFactory[ProjectCreate]):
    """Projects named `Project <suffix>`."""

    __model__ = ProjectCreate
    name: ClassVar[Any] = Use(lambda: f"Project {unique_suffix()}")


class TagFactory(_PayloadFactory[TagCreate]):
    """Tags named `t-<suffix>` (lowercase slugs, as the API requires)."""

    __model__ = TagCreate
    name: ClassVar[Any] = Use(lambda: f"t-{unique_suffix()}")


def tag_name() -> str:
    """A fresh, valid tag name."""
    name: str = TagFactory.build().name
    return name
