"""FastAPI dependencies: settings, one Session per request, and the repositories on it.

`get_session` opens a session from `app.state.session_factory`, begins a transaction,
yields, then commits (or rolls back if the route raised). Its scope is "function": FastAPI
finishes it right after the route returns and before the response is sent, so a failed
commit still becomes an error answer instead of a 201 for data that was never stored.
A GET (or HEAD, OPTIONS) only reads, so its transaction is marked read-only: on SQLite it
then never waits for a writer. Each session's `info` starts with `app.state.session_info`,
so whatever the app's session factory is (tests replace it), its sessions carry the app's
context: day 10's cache invalidation finds its cache there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm.config import Settings
from day07_sqlalchemy_orm.db import READ_ONLY
from day07_sqlalchemy_orm.repository import (
    SqlProjectRepository,
    SqlTagRepository,
    SqlTaskRepository,
)


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return cast(Settings, request.app.state.settings)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # HTTP methods that must not write


def get_session(request: Request) -> Iterator[Session]:
    """A session in a transaction for this request: commit on success, roll back on error."""
    factory = cast(sessionmaker[Session], request.app.state.session_factory)
    info = dict(request.app.state.session_info)
    # solution: open a session (read-only for safe methods), begin its transaction, yield it
    options = READ_ONLY if request.method in SAFE_METHODS else {}
    with factory(info=info, execution_options=options) as session, session.begin():
        yield session
    # end solution


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_task_repository(session: SessionDep) -> SqlTaskRepository:
    """The task repository on this request's session (it replaces day 4's get_repository)."""
    return SqlTaskRepository(session)


def get_project_repository(session: SessionDep) -> SqlProjectRepository:
    """The project repository on this request's session."""
    return SqlProjectRepository(session)


def get_tag_repository(session: SessionDep) -> SqlTagRepository:
    """The tag repository on this request's session."""
    return SqlTagRepository(session)


TaskRepositoryDep = Annotated[SqlTaskRepository, Depends(get_task_repository)]
ProjectRepositoryDep = Annotated[SqlProjectRepository, Depends(get_project_repository)]
TagRepositoryDep = Annotated[SqlTagRepository, Depends(get_tag_repository)]
