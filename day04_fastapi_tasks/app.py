"""The app factory: create_app(repository=..., settings=...) builds a fresh FastAPI app.

No app exists at import time; tests build one per test, uvicorn builds one via the CLI.
"""

from __future__ import annotations

from fastapi import FastAPI

from day04_fastapi_tasks.allow import install_allow_header
from day04_fastapi_tasks.config import Settings
from day04_fastapi_tasks.docs import install_docs
from day04_fastapi_tasks.errors import TaskNotFoundError
from day04_fastapi_tasks.repository import InMemoryTaskRepository, TaskRepository
from day04_fastapi_tasks.routes import router
from shared.fastapi_problems import install_problem_handlers


def create_app(
    repository: TaskRepository | None = None, *, settings: Settings | None = None
) -> FastAPI:
    """Build the task API around `repository` (a new in-memory one by default)."""
    settings = settings or Settings()
    app = FastAPI(
        title=settings.title,
        version=settings.version,
        description=settings.description,
        docs_url=None,
        redoc_url=None,
    )
    # solution: keep the repository (default: a new in-memory one) and settings on app.state
    app.state.repository = repository if repository is not None else InMemoryTaskRepository()
    app.state.settings = settings
    app.include_router(router)
    # end solution
    install_problem_handlers(app, {TaskNotFoundError: 404})
    install_allow_header(app)
    install_docs(app)
    return app
