"""FastAPI dependencies: the settings, sessions and runner the app keeps on `app.state`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import READ_ONLY
from day13_background_tasks.config import Settings
from day13_background_tasks.runners import Runner

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return cast(Settings, request.app.state.settings)


def get_sessions(request: Request) -> sessionmaker[Session]:
    """The app's session factory, for routes that need more than one transaction."""
    return cast(sessionmaker[Session], request.app.state.sessions)


def get_session(request: Request) -> Iterator[Session]:
    """One session in one transaction for this request (read-only for GET): commit or roll back."""
    options = READ_ONLY if request.method in SAFE_METHODS else {}
    with get_sessions(request)(execution_options=options) as session, session.begin():
        yield session


def get_runner(request: Request) -> Runner:
    """The runner chosen at start-up (Celery or in-process)."""
    return cast(Runner, request.app.state.runner)


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionsDep = Annotated[sessionmaker[Session], Depends(get_sessions)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
RunnerDep = Annotated[Runner, Depends(get_runner)]
