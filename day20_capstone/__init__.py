"""Day 20: the capstone Task Manager API: users with JWT and refresh tokens, tasks, projects,
tags, CSV jobs in the background, a per-user Redis cache; composed from days 7, 10, 13 and 14.

Public names: `create_app`, `Settings`, the models, the migration (`CAPSTONE`, `upgrade`),
`make_celery` (the worker's app) and the CLI's `main`.
"""

from day20_capstone.app import create_app, describe
from day20_capstone.cli import main
from day20_capstone.config import Settings
from day20_capstone.migrate import CAPSTONE, is_current, upgrade
from day20_capstone.models import Base, Job, Project, RefreshToken, Tag, Task, User
from day20_capstone.seed import DEMO_EMAIL, DEMO_PASSWORD
from day20_capstone.worker import TASK_NAME, make_celery

__all__ = [
    "CAPSTONE",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "TASK_NAME",
    "Base",
    "Job",
    "Project",
    "RefreshToken",
    "Settings",
    "Tag",
    "Task",
    "User",
    "create_app",
    "describe",
    "is_current",
    "main",
    "make_celery",
    "upgrade",
]
