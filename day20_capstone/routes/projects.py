"""/projects: the caller's projects (lists of tasks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from day20_capstone.deps import CacheDep, CurrentUser, SessionDep
from day20_capstone.errors import Conflict, NotFound
from day20_capstone.models import Project
from day20_capstone.schemas import ProjectCreate, ProjectPublic
from shared.fastapi_problems import problem_responses
from shared.types import ID_MAX

router = APIRouter(
    prefix="/projects", tags=["projects"], responses=problem_responses({401: "Not logged in."})
)


@router.get("")
def list_projects(user: CurrentUser, session: SessionDep) -> list[ProjectPublic]:
    """The caller's projects by name."""
    rows = session.scalars(
        select(Project).where(Project.owner_id == user.id).order_by(Project.name)
    )
    return [ProjectPublic.model_validate(row) for row in rows]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses({409: "You have a project of this name.", 422: "Invalid input."}),
)
def create_project(data: ProjectCreate, user: CurrentUser, session: SessionDep) -> ProjectPublic:
    """Create a project."""
    project = Project(owner_id=user.id, name=data.name)
    session.add(project)
    try:
        session.commit()
    except IntegrityError as exc:
        raise Conflict(f"You have a project named {data.name!r} already.") from exc
    return ProjectPublic.model_validate(project)


@router.delete(
    "/{project_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses({404: "You have no project with this id.", 422: "Invalid id."}),
)
def delete_project(
    project_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
) -> None:
    """Delete a project; its tasks stay, without a project."""
    project = session.get(Project, project_id)
    if project is None or project.owner_id != user.id:
        raise NotFound(f"You have no project {project_id}.")
    session.delete(project)
    session.commit()
    cache.invalidate(user.id)
