"""/admin: list accounts, deactivate and reactivate them, start an overdue sweep (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from day20_capstone import users
from day20_capstone.deps import AdminUser, RunnerDep, SessionDep, SettingsDep
from day20_capstone.jobs import start_job
from day20_capstone.models import JobKind
from day20_capstone.schemas import PAGE_MAX, JobPublic, UserList, UserPublic
from shared.fastapi_problems import problem_responses
from shared.types import ID_MAX

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    responses=problem_responses({401: "Not logged in.", 403: "Not an admin."}),
)
UserId = Annotated[int, Path(ge=1, le=ID_MAX)]


@router.get("/users")
def list_users(
    admin: AdminUser,
    session: SessionDep,
    after: Annotated[
        int, Query(ge=0, le=ID_MAX, description="the last id of the previous page")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
) -> UserList:
    """Accounts by id; `next_cursor` is the `after` of the next page."""
    rows = users.list_users(session, after=after, limit=limit)
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = str(rows[-1].id) if more else None
    return UserList(items=[UserPublic.model_validate(row) for row in rows], next_cursor=cursor)


@router.post("/users/{user_id}/deactivate", responses=problem_responses({404: "No such user."}))
def deactivate(user_id: UserId, admin: AdminUser, session: SessionDep) -> UserPublic:
    """Deactivate an account: it cannot log in and its tokens stop working."""
    user = users.set_active(session, user_id=user_id, active=False)
    session.commit()
    return UserPublic.model_validate(user)


@router.post("/users/{user_id}/activate", responses=problem_responses({404: "No such user."}))
def activate(user_id: UserId, admin: AdminUser, session: SessionDep) -> UserPublic:
    """Reactivate an account."""
    user = users.set_active(session, user_id=user_id, active=True)
    session.commit()
    return UserPublic.model_validate(user)


@router.post(
    "/sweeps",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses({503: "The job queue is unavailable."}),
)
def start_sweep(
    admin: AdminUser, session: SessionDep, runner: RunnerDep, settings: SettingsDep
) -> JobPublic:
    """Run the overdue sweep now, as a job (`/jobs/{id}`; its report: reminders recorded)."""
    job, _ = start_job(
        session,
        runner,
        owner_id=admin.id,
        kind=JobKind.SWEEP,
        key=None,  # a new job each time: the sweep itself is idempotent
        files=settings.day20_files,
    )
    return JobPublic.model_validate(job)
