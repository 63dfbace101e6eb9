"""Day 7's one change to day 4's /tasks routes: `GET /tasks/{id}` shows the project and tags.

Day 4's router is included as it is, except for its read route, which this one replaces
(`create_app` leaves day 4's out). It still asks for day 4's repository dependency, so
whatever storage the app plugs in (day 7's SQL, day 10's cache around it) answers it.
"""

from __future__ import annotations

from fastapi import APIRouter

from day04_fastapi_tasks import RepositoryDep, TaskPublic
from day07_sqlalchemy_orm.routes._docs import INVALID, TaskId, not_found
from day07_sqlalchemy_orm.schemas import TaskDetail

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get(
    "/{task_id}",
    response_model=TaskDetail,
    responses={**not_found("No task has this id."), **INVALID},
    summary="Get a task",
)
def read_task(task_id: TaskId, repository: RepositoryDep) -> TaskPublic:
    """One task by id, with its project id and tag names (as the PUT answers show them)."""
    return repository.get(task_id)
