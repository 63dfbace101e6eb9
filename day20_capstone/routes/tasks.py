"""/tasks: the caller's tasks. Reads are cached per user; every write drops that cache."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from day20_capstone import tasks
from day20_capstone.deps import CacheDep, CurrentUser, SessionDep
from day20_capstone.listing import Sort, TaskFilters
from day20_capstone.schemas import (
    PAGE_MAX,
    Stats,
    TagName,
    TaskCreate,
    TaskPage,
    TaskPublic,
    TaskUpdate,
)
from shared.fastapi_problems import problem_responses
from shared.types import ID_MAX, NO_NUL

router = APIRouter(
    prefix="/tasks",
    tags=["tasks"],
    responses=problem_responses({401: "Not logged in.", 422: "Invalid input."}),
)
TaskId = Annotated[int, Path(ge=1, le=ID_MAX)]
NOT_FOUND = problem_responses({404: "You have no task with this id."})
IfMatch = Annotated[
    str | None, Header(max_length=100, description="the ETag the update is based on")
]


@router.get("", response_model=TaskPage)
async def list_tasks(
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    done: bool | None = None,
    due_before: dt.date | None = None,
    due_after: dt.date | None = None,
    overdue: bool | None = None,
    priority: Annotated[int | None, Query(ge=1, le=3)] = None,
    tag: TagName | None = None,
    project_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="text in title or notes")
    ] = None,
    sort: Sort = "created",
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
    cursor: Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9_-]*$")] = None,
) -> Response:
    """A page of the caller's tasks, filtered and sorted; `next_cursor` gets the next page."""
    filters = TaskFilters(done, due_before, due_after, overdue, priority, tag, project_id, q)
    key = json.dumps(
        [filters.__dict__, sort, limit, cursor, dt.date.today()], default=str, sort_keys=True
    )

    def compute() -> TaskPage:
        return tasks.list_tasks(
            session, owner_id=user.id, filters=filters, sort=sort, limit=limit, cursor=cursor
        )

    return await cache.response(user.id, "list:" + key, compute)


@router.get("/stats", response_model=Stats)
async def task_stats(user: CurrentUser, session: SessionDep, cache: CacheDep) -> Response:
    """Open tasks, done since Monday, overdue, total."""
    today = dt.date.today()
    compute = functools.partial(tasks.stats, session, owner_id=user.id, today=today)
    return await cache.response(user.id, f"stats:{today}", compute)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses({404: "You have no project with this id."}),
)
def create_task(
    data: TaskCreate, user: CurrentUser, session: SessionDep, cache: CacheDep, response: Response
) -> TaskPublic:
    """Create a task of the caller's."""
    task = tasks.create_task(session, owner_id=user.id, data=data)
    session.commit()
    cache.invalidate(user.id)
    response.headers["ETag"] = tasks.etag(task)
    response.headers["Location"] = f"/tasks/{task.id}"
    return tasks.public(task)


@router.get("/{task_id}", responses=NOT_FOUND)
def read_task(
    task_id: TaskId, user: CurrentUser, session: SessionDep, response: Response
) -> TaskPublic:
    """One of the caller's tasks, with its ETag."""
    task = tasks.get_task(session, owner_id=user.id, task_id=task_id)
    response.headers["ETag"] = tasks.etag(task)
    return tasks.public(task)


@router.patch(
    "/{task_id}",
    responses={**NOT_FOUND, **problem_responses({412: "If-Match is not the task's current ETag."})},
)
def update_task(
    task_id: TaskId,
    data: TaskUpdate,
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    response: Response,
    if_match: IfMatch = None,
) -> TaskPublic:
    """Change the fields sent; with If-Match, only if nobody changed the task since."""
    task = tasks.update_task(
        session, owner_id=user.id, task_id=task_id, data=data, if_match=if_match
    )
    session.commit()
    cache.invalidate(user.id)
    response.headers["ETag"] = tasks.etag(task)
    return tasks.public(task)


@router.delete("/{task_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_task(task_id: TaskId, user: CurrentUser, session: SessionDep, cache: CacheDep) -> None:
    """Delete one of the caller's tasks."""
    tasks.delete_task(session, owner_id=user.id, task_id=task_id)
    session.commit()
    cache.invalidate(user.id)
