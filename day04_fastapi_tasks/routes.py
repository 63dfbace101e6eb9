"""The /tasks router: create, list, read, update and delete tasks.

Every status code a route can answer is listed in `responses=`, so the OpenAPI schema tells
clients (and schemathesis) the whole truth. Errors are problem+json bodies made by the handlers
that create_app installs; routes just raise.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict

from day04_fastapi_tasks.deps import RepositoryDep
from day04_fastapi_tasks.schemas import TaskCreate, TaskPage, TaskPublic, TaskUpdate
from shared.problems import PROBLEM_JSON
from shared.types import ID_MAX  # ids and offsets fit a 32-bit SQL integer (day 7)

PAGE_LIMIT_MAX = 100
PAGE_LIMIT_DEFAULT = 50


class Problem(BaseModel):
    """An RFC 9457 problem body; 422 adds `errors`, one entry per invalid field."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def _problem(description: str) -> dict[str, Any]:
    schema = Problem.model_json_schema()
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


Responses = dict[int | str, dict[str, Any]]

NOT_FOUND: Responses = {status.HTTP_404_NOT_FOUND: _problem("No task has this id.")}
BAD_JSON: Responses = {status.HTTP_400_BAD_REQUEST: _problem("The body is not valid JSON.")}
INVALID: Responses = {
    status.HTTP_422_UNPROCESSABLE_CONTENT: _problem("The request failed validation.")
}

TaskId = Annotated[int, Path(ge=1, le=ID_MAX, description="The task's id.")]

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TaskPublic,
    responses={**BAD_JSON, **INVALID},
    summary="Add a task",
)
def create_task(task: TaskCreate, repository: RepositoryDep, response: Response) -> TaskPublic:
    """Store a new task; the Location header is its URL."""
    # solution: add the task and point the Location header at its URL
    created = repository.add(task)
    response.headers["Location"] = f"{router.prefix}/{created.id}"
    return created
    # end solution


@router.get("", response_model=TaskPage, responses={**INVALID}, summary="List tasks")
def list_tasks(
    repository: RepositoryDep,
    done: Annotated[bool | None, Query(description="Only done (or not done) tasks.")] = None,
    offset: Annotated[int, Query(ge=0, le=ID_MAX, description="Tasks to skip.")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=PAGE_LIMIT_MAX, description="Page size.")
    ] = PAGE_LIMIT_DEFAULT,
) -> TaskPage:
    """One page of tasks in id order, with the total count matching the filter."""
    return repository.find(done=done, offset=offset, limit=limit)


@router.get(
    "/{task_id}",
    response_model=TaskPublic,
    responses={**NOT_FOUND, **INVALID},
    summary="Get a task",
)
def read_task(task_id: TaskId, repository: RepositoryDep) -> TaskPublic:
    """One task by id."""
    return repository.get(task_id)


@router.patch(
    "/{task_id}",
    response_model=TaskPublic,
    responses={**BAD_JSON, **NOT_FOUND, **INVALID},
    summary="Rename a task or mark it done",
)
def update_task(task_id: TaskId, changes: TaskUpdate, repository: RepositoryDep) -> TaskPublic:
    """Change only the fields sent; `done: true` records completed_at, `done: false` clears it."""
    return repository.update(task_id, changes)


@router.delete(
    "/{task_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**NOT_FOUND, **INVALID},
    summary="Delete a task",
)
def delete_task(task_id: TaskId, repository: RepositoryDep) -> None:
    """Remove a task for good."""
    repository.delete(task_id)
