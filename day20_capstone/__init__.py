"""Day 20: the capstone Task Manager API: users with JWT and refresh tokens, tasks, projects,
tags, CSV jobs in the background, a per-user Redis cache; composed from days 7, 10, 13, 14, 16.

Public names: `create_app` and `describe`, `Settings`, the models, the migration
(`CAPSTONE`, `upgrade`, `is_current`), `make_celery` with `TASK_NAME` and `SWEEP_TASK` (the
worker's app and its tasks), the demo account and the CLI's `main`. Names that need FastAPI,
SQLAlchemy or Celery are imported on first use (PEP 562), so `--help` and a worker's start
stay quick.
"""

from __future__ import annotations

import typing as _typing

from day20_capstone.cli import main
from day20_capstone.seed_account import DEMO_EMAIL, DEMO_PASSWORD
from shared.lazy import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from day20_capstone.app import create_app, describe
    from day20_capstone.config import Settings
    from day20_capstone.migrate import CAPSTONE, is_current, upgrade
    from day20_capstone.models import Base, Job, Project, RefreshToken, Reminder, Tag, Task, User
    from day20_capstone.worker import SWEEP_TASK, TASK_NAME, make_celery

_LAZY = {
    "create_app": "day20_capstone.app",
    "describe": "day20_capstone.app",
    "Settings": "day20_capstone.config",
    "CAPSTONE": "day20_capstone.migrate",
    "is_current": "day20_capstone.migrate",
    "upgrade": "day20_capstone.migrate",
    "TASK_NAME": "day20_capstone.worker",
    "SWEEP_TASK": "day20_capstone.worker",
    "make_celery": "day20_capstone.worker",
    **dict.fromkeys(
        ("Base", "Job", "Project", "RefreshToken", "Reminder", "Tag", "Task", "User"),
        "day20_capstone.models",
    ),
}

__all__ = [
    "CAPSTONE",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "SWEEP_TASK",
    "TASK_NAME",
    "Base",
    "Job",
    "Project",
    "RefreshToken",
    "Reminder",
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

__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
