"""The factories build valid bodies from the API's own models, with names that never collide."""

from __future__ import annotations

from day04_fastapi_tasks import TaskCreate
from day07_sqlalchemy_orm import ProjectCreate, TagCreate
from day15_api_testing import ProjectFactory, TagFactory, TaskFactory, tag_name


def test_task_payloads_are_valid_task_bodies() -> None:
    for _ in range(20):
        TaskCreate.model_validate(TaskFactory.payload())


def test_payload_fields_override_the_generated_ones() -> None:
    body = TaskFactory.payload(done=True, title="")
    assert (body["done"], body["title"]) == (True, ""), "a check may send invalid fields on purpose"


def test_project_and_tag_names_are_valid_and_unique() -> None:
    projects = [ProjectCreate.model_validate(ProjectFactory.payload()).name for _ in range(10)]
    tags = [TagCreate.model_validate(TagFactory.payload()).name for _ in range(10)]
    tags.append(TagCreate(name=tag_name()).name)
    assert len(set(projects)) == 10 and len(set(tags)) == 11
