"""/auth: register, log in (OAuth2 password flow), refresh (rotation), log out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from day20_capstone import tokens, users
from day20_capstone.deps import CurrentUser, HasherDep, LimiterDep, SessionDep, SettingsDep
from day20_capstone.errors import Throttled
from day20_capstone.schemas import RefreshRequest, TokenResponse, UserCreate, UserPublic
from shared.fastapi_problems import problem_responses

router = APIRouter(prefix="/auth", tags=["auth"])


def _pair(pair: tokens.TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        {409: "The email is taken.", 422: "Invalid email or weak password."}
    ),
)
def register(
    data: UserCreate, session: SessionDep, settings: SettingsDep, hasher: HasherDep
) -> UserPublic:
    """Create an account (not an admin: admins come from `create-admin`)."""
    user = users.register(
        session, hasher=hasher, data=data, min_length=settings.day20_password_min_length
    )
    session.commit()
    return UserPublic.model_validate(user)


def throttle(request: Request, limiter: LimiterDep, settings: SettingsDep, email: str) -> None:
    """Count a login attempt per account and per client; 429 with Retry-After when over."""
    # solution: one hit per account and per client; over either limit -> Throttled(retry_after)
    window = settings.day20_login_window_seconds
    client = request.client.host if request.client else "unknown"
    checks = (
        (f"account:{email.strip().lower()}", settings.day20_login_per_account),
        (f"client:{client}", settings.day20_login_per_client),
    )
    for key, limit in checks:
        wait = limiter.hit(key, limit=limit, window=window)
        if wait is not None:
            raise Throttled("Too many login attempts; wait before trying again.", retry_after=wait)
    # end solution


@router.post(
    "/token",
    responses=problem_responses(
        {401: "Wrong email or password.", 422: "Invalid form.", 429: "Too many attempts."}
    ),
)
def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
    limiter: LimiterDep,
) -> TokenResponse:
    """OAuth2 password flow: `username` is the email; answers an access and a refresh token."""
    throttle(request, limiter, settings, form.username)
    user = users.authenticate(session, hasher=hasher, email=form.username, password=form.password)
    pair = tokens.issue(session, settings, user_id=user.id)
    session.commit()
    return _pair(pair)


@router.post(
    "/refresh",
    responses=problem_responses({401: "The refresh token is not valid.", 422: "Invalid body."}),
)
def refresh(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenResponse:
    """Spend a refresh token for a new pair (a reused one revokes its whole family)."""
    try:
        pair = tokens.rotate(session, settings, data.refresh_token)
    finally:
        session.commit()  # a detected reuse must stay revoked even though the answer is 401
    return _pair(pair)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses({401: "Not logged in."}),
)
def logout(request: Request, user: CurrentUser, session: SessionDep) -> None:
    """Revoke this session: its refresh tokens and its access tokens stop working."""
    tokens.revoke_family(session, request.state.token_family)
    session.commit()
