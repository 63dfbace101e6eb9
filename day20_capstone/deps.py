"""The request's dependencies: settings, a session, the caller (from the bearer token), admins.

`CurrentUser` is the whole authentication story of a route: a valid, unrevoked access
token of an active user, or 401. `AdminUser` adds the role check (403, OWASP API5).
Everything lives on `app.state`, so tests override it with `dependency_overrides`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import READ_ONLY
from day13_background_tasks import Runner
from day16_logging import set_request_user
from day20_capstone.caching import UserCache
from day20_capstone.config import Settings
from day20_capstone.errors import Forbidden, NotAuthenticated
from day20_capstone.models import User
from day20_capstone.passwords import Hasher
from day20_capstone.ratelimit import Limiter
from day20_capstone.tokens import decode_access, token_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


# The dependencies that only read app.state are `async def`: FastAPI runs a plain `def`
# dependency in the thread pool, a hand-off to another thread and back for nothing (two of
# them on every request were a fifth of a cached GET /tasks). What touches the database stays
# `def`, so its I/O never blocks the event loop.


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request, closed after it (uncommitted work is rolled back).

    GET requests read only: on SQLite (day 7's hooks) their transactions take no lock, so
    they never wait behind a writer, a long CSV import included. Making a Session does no
    I/O (it connects on first use), so it is made here on the event loop. Closing one that
    is in a transaction ends it (ROLLBACK, the connection back to the pool): on PostgreSQL
    that is a round trip, so it runs in the thread pool. Ending a read on SQLite is a call
    into a library of this process (no network, no disk), cheaper than a thread hand-off,
    and so is closing a session that never connected: those close on the loop.
    """
    reads = request.method in SAFE_METHODS
    session: Session = request.app.state.sessions(execution_options=READ_ONLY if reads else {})
    try:
        yield session
    finally:
        if not session.in_transaction() or (reads and _in_process(session)):
            session.close()
        else:
            await run_in_threadpool(session.close)


def _in_process(session: Session) -> bool:
    """True if the session's database is SQLite (a library, not a server)."""
    return session.get_bind().dialect.name == "sqlite"


async def get_cache(request: Request) -> UserCache:
    """The per-user cache (maybe off)."""
    cache: UserCache = request.app.state.cache
    return cache


async def get_runner(request: Request) -> Runner:
    """The background runner."""
    runner: Runner = request.app.state.runner
    return runner


async def get_hasher(request: Request) -> Hasher:
    """The password hasher."""
    hasher: Hasher = request.app.state.hasher
    return hasher


async def get_limiter(request: Request) -> Limiter:
    """The login rate limiter."""
    limiter: Limiter = request.app.state.limiter
    return limiter


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
CacheDep = Annotated[UserCache, Depends(get_cache)]
RunnerDep = Annotated[Runner, Depends(get_runner)]
HasherDep = Annotated[Hasher, Depends(get_hasher)]
LimiterDep = Annotated[Limiter, Depends(get_limiter)]


def get_current_user(
    request: Request,
    settings: SettingsDep,
    session: SessionDep,
    token: Annotated[str | None, Depends(bearer)],
) -> User:
    """The caller: a valid access token of an active user whose session was not revoked.

    Checked on every request, in ONE query (the user and whether the token's family is still
    live), and never cached: a logout, a deactivation or a reused refresh token locks the
    token out on its very next request.
    """
    # solution: no token -> 401; decode; a revoked family, unknown or inactive user -> 401
    if not token:
        raise NotAuthenticated("Log in first: send Authorization: Bearer <access token>.")
    claims = decode_access(settings, token)
    user, live = token_user(session, claims)
    if not live:
        raise NotAuthenticated("This session was logged out or revoked; log in again.")
    if user is None or not user.is_active:
        raise NotAuthenticated("This account no longer exists or is deactivated.")
    # end solution
    set_request_user(user.id)  # day 16's access line names the user
    request.state.token_family = claims.family
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_admin(user: CurrentUser) -> User:
    """The caller, if an admin; 403 otherwise."""
    if not user.is_admin:
        raise Forbidden("This route is for admins.")
    return user


AdminUser = Annotated[User, Depends(get_admin)]
