"""Day 4: a FastAPI task API (add, list, read, update, delete) with offline Swagger UI docs.

Later days build on it: they pass their own TaskRepository to create_app, or override the
get_repository dependency, and reuse the schemas, router and offline docs.
"""

from day04_fastapi_tasks.allow import install_allow_header
from day04_fastapi_tasks.app import create_app
from day04_fastapi_tasks.config import Settings
from day04_fastapi_tasks.deps import RepositoryDep, SettingsDep, get_repository, get_settings
from day04_fastapi_tasks.docs import install_docs
from day04_fastapi_tasks.errors import Day04Error, TaskNotFoundError
from day04_fastapi_tasks.repository import (
    InMemoryTaskRepository,
    TaskRepository,
    completion_changes,
)
from day04_fastapi_tasks.routes import Problem, router
from day04_fastapi_tasks.schemas import TaskCreate, TaskPage, TaskPublic, TaskUpdate

__all__ = [
    "Day04Error",
    "InMemoryTaskRepository",
    "Problem",
    "RepositoryDep",
    "Settings",
    "SettingsDep",
    "TaskCreate",
    "TaskNotFoundError",
    "TaskPage",
    "TaskPublic",
    "TaskRepository",
    "TaskUpdate",
    "completion_changes",
    "create_app",
    "get_repository",
    "get_settings",
    "install_allow_header",
    "install_docs",
    "router",
]
