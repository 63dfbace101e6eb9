"""The tags router: /tags, and the tags of a task under /tasks/{task_id}/tags."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from day04_fastapi_tasks import TaskPage
from day07_sqlalchemy_orm.deps import TagRepositoryDep, TaskRepositoryDep
from day07_sqlalchemy_orm.models import TAG_MAX
from day07_sqlalchemy_orm.routes._docs import CONFLICT, INVALID, TaskId, not_found
from day07_sqlalchemy_orm.schemas import TAG_PATTERN, TagCreate, TagPublic, TaskDetail
from shared.types import ID_MAX

router = APIRouter(tags=["tags"])

NO_TASK = not_found("No task has this id.")

TagNameInPath = Annotated[
    str, Path(pattern=TAG_PATTERN, max_length=TAG_MAX, description="The tag's name.")
]


@router.post(
    "/tags",
    status_code=status.HTTP_201_CREATED,
    response_model=TagPublic,
    responses={**CONFLICT, **INVALID},
    summary="Create a tag",
)
def create_tag(tag: TagCreate, tags: TagRepositoryDep, response: Response) -> TagPublic:
    """Store a new tag; names are unique (409 when taken)."""
    created = tags.add(tag)
    response.headers["Location"] = f"/tags/{created.name}/tasks"
    return created


@router.get("/tags", response_model=list[TagPublic], summary="List tags")
def list_tags(tags: TagRepositoryDep) -> list[TagPublic]:
    """Every tag, by name."""
    return tags.find()


@router.get(
    "/tags/{name}/tasks",
    response_model=TaskPage,
    responses={**not_found("No tag has this name."), **INVALID},
    summary="List the tasks carrying a tag",
)
def list_tagged_tasks(
    name: TagNameInPath,
    tags: TagRepositoryDep,
    tasks: TaskRepositoryDep,
    offset: Annotated[int, Query(ge=0, le=ID_MAX, description="Tasks to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size.")] = 50,
) -> TaskPage:
    """One page of the tag's tasks in id order."""
    tags.load(name)
    return tasks.find(tag=name, offset=offset, limit=limit)


@router.get(
    "/tasks/{task_id}/tags",
    response_model=list[TagPublic],
    responses={**NO_TASK, **INVALID},
    summary="List a task's tags",
)
def list_task_tags(task_id: TaskId, tags: TagRepositoryDep) -> list[TagPublic]:
    """The task's tags, by name."""
    return tags.of_task(task_id)


@router.put(
    "/tasks/{task_id}/tags/{name}",
    response_model=TaskDetail,
    responses={**NO_TASK, **CONFLICT, **INVALID},
    summary="Tag a task",
)
def tag_task(task_id: TaskId, name: TagNameInPath, tags: TagRepositoryDep) -> TaskDetail:
    """Attach the tag (created on first use); tagging twice changes nothing."""
    return tags.attach(task_id, name)


@router.delete(
    "/tasks/{task_id}/tags/{name}",
    response_model=TaskDetail,
    responses={**NO_TASK, **INVALID},
    summary="Untag a task",
)
def untag_task(task_id: TaskId, name: TagNameInPath, tags: TagRepositoryDep) -> TaskDetail:
    """Detach the tag; the tag itself stays. Untagging twice changes nothing."""
    return tags.detach(task_id, name)
