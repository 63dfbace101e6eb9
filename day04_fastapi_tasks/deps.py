"""FastAPI dependencies: the repository and settings the routes use, read from app.state.

A later day swaps the storage with
`app.dependency_overrides[get_repository] = its_own_dependency`, so routes are never copied.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from day04_fastapi_tasks.config import Settings
from day04_fastapi_tasks.repository import TaskRepository


async def get_repository(request: Request) -> TaskRepository:
    """The repository the app was built with.

    `async` because it only reads app.state: FastAPI runs a plain `def` dependency in a worker
    thread, and that hop would cost more than the lookup. (Routes stay `def`: a repository's
    methods may block on a database.)
    """
    return cast(TaskRepository, request.app.state.repository)


async def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return cast(Settings, request.app.state.settings)


RepositoryDep = Annotated[TaskRepository, Depends(get_repository)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
