"""/reminders: the caller's overdue tasks, as the sweep recorded them (never anyone else's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from day20_capstone.deps import CurrentUser, SessionDep
from day20_capstone.reminders import list_reminders
from day20_capstone.schemas import PAGE_MAX, ReminderPage
from shared.fastapi_problems import problem_responses
from shared.types import ID_MAX

router = APIRouter(
    prefix="/reminders",
    tags=["reminders"],
    responses=problem_responses({401: "Not logged in.", 422: "Invalid input."}),
)


@router.get("")
def read_reminders(
    user: CurrentUser,
    session: SessionDep,
    after: Annotated[
        int, Query(ge=0, le=ID_MAX, description="the next_cursor of the previous page")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
) -> ReminderPage:
    """The caller's reminders, oldest first; `next_cursor` is the `after` of the next page."""
    # solution: only the caller's reminders, one page after the cursor
    return list_reminders(session, owner_id=user.id, after=after, limit=limit)
    # end solution
