"""The /projects router: create, list, read and delete projects; (un)assign their tasks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from day04_fastapi_tasks import TaskPage
from day07_sqlalchemy_orm.deps import ProjectRepositoryDep, TaskRepositoryDep
from day07_sqlalchemy_orm.routes._docs import (
    CONFLICT,
    INVALID,
    ProjectId,
    TaskId,
    not_found,
)
from day07_sqlalchemy_orm.schemas import ProjectCreate, ProjectPublic, TaskDetail
from shared.types import ID_MAX

router = APIRouter(prefix="/projects", tags=["projects"])

NO_PROJECT = not_found("No project has this id.")
NO_PROJECT_OR_TASK = not_found("No project or no task has this id.")


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ProjectPublic,
    responses={**CONFLICT, **INVALID},
    summary="Create a project",
)
def create_project(
    project: ProjectCreate, projects: ProjectRepositoryDep, response: Response
) -> ProjectPublic:
    """Store a new project; names are unique (409 when taken)."""
    created = projects.add(project)
    response.headers["Location"] = f"{router.prefix}/{created.id}"
    return created


@router.get("", response_model=list[ProjectPublic], summary="List projects")
def list_projects(projects: ProjectRepositoryDep) -> list[ProjectPublic]:
    """Every project, by name."""
    return projects.find()


@router.get(
    "/{project_id}",
    response_model=ProjectPublic,
    responses={**NO_PROJECT, **INVALID},
    summary="Get a project",
)
def read_project(project_id: ProjectId, projects: ProjectRepositoryDep) -> ProjectPublic:
    """One project by id."""
    return projects.get(project_id)


@router.delete(
    "/{project_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**NO_PROJECT, **CONFLICT, **INVALID},
    summary="Delete a project",
)
def delete_project(project_id: ProjectId, projects: ProjectRepositoryDep) -> None:
    """Delete an empty project; while tasks are in it the database refuses (409)."""
    projects.delete(project_id)


@router.get(
    "/{project_id}/tasks",
    response_model=TaskPage,
    responses={**NO_PROJECT, **INVALID},
    summary="List a project's tasks",
)
def list_project_tasks(
    project_id: ProjectId,
    projects: ProjectRepositoryDep,
    tasks: TaskRepositoryDep,
    done: Annotated[bool | None, Query(description="Only done (or not done) tasks.")] = None,
    offset: Annotated[int, Query(ge=0, le=ID_MAX, description="Tasks to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size.")] = 50,
) -> TaskPage:
    """One page of the project's tasks in id order."""
    projects.load(project_id)
    return tasks.find(project_id=project_id, done=done, offset=offset, limit=limit)


@router.put(
    "/{project_id}/tasks/{task_id}",
    response_model=TaskDetail,
    responses={**NO_PROJECT_OR_TASK, **INVALID},
    summary="Put a task in a project",
)
def assign_task(
    project_id: ProjectId, task_id: TaskId, projects: ProjectRepositoryDep
) -> TaskDetail:
    """Move the task into this project (out of any other); doing it twice changes nothing."""
    return projects.assign(project_id, task_id)


@router.delete(
    "/{project_id}/tasks/{task_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**not_found("No such project or task, or the task is not in it."), **INVALID},
    summary="Take a task out of a project",
)
def unassign_task(project_id: ProjectId, task_id: TaskId, projects: ProjectRepositoryDep) -> None:
    """The task stays, in no project."""
    projects.unassign(project_id, task_id)
