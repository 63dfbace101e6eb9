"""/users/me: the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter, status

from day20_capstone import users
from day20_capstone.deps import CacheDep, CurrentUser, HasherDep, SessionDep, SettingsDep
from day20_capstone.schemas import PasswordChange, UserPublic, UserUpdate
from shared.fastapi_problems import problem_responses

router = APIRouter(
    prefix="/users/me",
    tags=["users"],
    responses=problem_responses({401: "Not logged in."}),
)


@router.get("")
def read_me(user: CurrentUser) -> UserPublic:
    """The caller's account."""
    return UserPublic.model_validate(user)


@router.patch("", responses=problem_responses({409: "The email is taken.", 422: "Invalid input."}))
def update_me(data: UserUpdate, user: CurrentUser, session: SessionDep) -> UserPublic:
    """Change the caller's name or email."""
    users.update_user(session, user=user, data=data)
    session.commit()
    return UserPublic.model_validate(user)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses({422: "The new password is weak."}),
)
def change_password(
    data: PasswordChange,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
) -> None:
    """Change the password (the current one is required); every session is logged out."""
    users.change_password(
        session,
        hasher=hasher,
        user=user,
        current=data.current_password,
        new=data.new_password,
        min_length=settings.day20_password_min_length,
    )
    session.commit()


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep, cache: CacheDep) -> None:
    """Delete the caller's account with all its tasks, projects, tags and jobs."""
    owner_id = user.id
    users.delete_user(session, user=user)
    session.commit()
    cache.invalidate(owner_id)
