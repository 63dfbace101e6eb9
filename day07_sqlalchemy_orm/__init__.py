"""Day 7: day 4's task API on SQLAlchemy 2 (typed models, Alembic migrations) with projects
and tags; SQLite by default, PostgreSQL when DATABASE_URL says so.

Later days build on these names: the models, the SQL repositories, the engine and session
helpers, `create_app(settings, extra_routers=..., session_factory=..., lifespan=...)`, the
session dependency, the migration helpers (`History` for a later day's own migrations) and
the routers.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING

from day07_sqlalchemy_orm.config import Settings
from day07_sqlalchemy_orm.db import READ_ONLY, create_engine_from_url, make_session_factory
from day07_sqlalchemy_orm.models import (
    NAMING_CONVENTION,
    Base,
    Project,
    Tag,
    Task,
    task_tags,
    utcnow,
)
from shared.lazy import lazy_exports as _lazy_exports

if _TYPE_CHECKING:
    from day07_sqlalchemy_orm.app import Lifespan, create_app
    from day07_sqlalchemy_orm.deps import (
        ProjectRepositoryDep,
        SessionDep,
        SettingsDep,
        TagRepositoryDep,
        TaskRepositoryDep,
        get_project_repository,
        get_session,
        get_settings,
        get_tag_repository,
        get_task_repository,
    )
    from day07_sqlalchemy_orm.errors import (
        Day07Error,
        NameTakenError,
        ProjectNotEmptyError,
        ProjectNotFoundError,
        TagNotFoundError,
        TaskNotInProjectError,
        install_database_error_handlers,
    )
    from day07_sqlalchemy_orm.migrate import (
        DAY07,
        History,
        alembic_config,
        current_revision,
        downgrade,
        head_revision,
        migrate,
        upgrade,
    )
    from day07_sqlalchemy_orm.repository import (
        SqlProjectRepository,
        SqlTagRepository,
        SqlTaskRepository,
        task_detail,
    )
    from day07_sqlalchemy_orm.routes.projects import router as projects_router
    from day07_sqlalchemy_orm.routes.tags import router as tags_router
    from day07_sqlalchemy_orm.schemas import (
        ProjectCreate,
        ProjectPublic,
        TagCreate,
        TagPublic,
        TaskDetail,
    )

# FastAPI, Alembic and the routes load on first use: a later day's worker that needs only the
# engine, the sessions and the models (day 17's consumer) starts without them.
_LAZY = {
    "Lifespan": "day07_sqlalchemy_orm.app",
    "create_app": "day07_sqlalchemy_orm.app",
    "ProjectRepositoryDep": "day07_sqlalchemy_orm.deps",
    "SessionDep": "day07_sqlalchemy_orm.deps",
    "SettingsDep": "day07_sqlalchemy_orm.deps",
    "TagRepositoryDep": "day07_sqlalchemy_orm.deps",
    "TaskRepositoryDep": "day07_sqlalchemy_orm.deps",
    "get_project_repository": "day07_sqlalchemy_orm.deps",
    "get_session": "day07_sqlalchemy_orm.deps",
    "get_settings": "day07_sqlalchemy_orm.deps",
    "get_tag_repository": "day07_sqlalchemy_orm.deps",
    "get_task_repository": "day07_sqlalchemy_orm.deps",
    "Day07Error": "day07_sqlalchemy_orm.errors",
    "NameTakenError": "day07_sqlalchemy_orm.errors",
    "ProjectNotEmptyError": "day07_sqlalchemy_orm.errors",
    "ProjectNotFoundError": "day07_sqlalchemy_orm.errors",
    "TagNotFoundError": "day07_sqlalchemy_orm.errors",
    "TaskNotInProjectError": "day07_sqlalchemy_orm.errors",
    "install_database_error_handlers": "day07_sqlalchemy_orm.errors",
    "DAY07": "day07_sqlalchemy_orm.migrate",
    "History": "day07_sqlalchemy_orm.migrate",
    "alembic_config": "day07_sqlalchemy_orm.migrate",
    "current_revision": "day07_sqlalchemy_orm.migrate",
    "downgrade": "day07_sqlalchemy_orm.migrate",
    "head_revision": "day07_sqlalchemy_orm.migrate",
    "migrate": "day07_sqlalchemy_orm.migrate",
    "upgrade": "day07_sqlalchemy_orm.migrate",
    "SqlProjectRepository": "day07_sqlalchemy_orm.repository",
    "SqlTagRepository": "day07_sqlalchemy_orm.repository",
    "SqlTaskRepository": "day07_sqlalchemy_orm.repository",
    "task_detail": "day07_sqlalchemy_orm.repository",
    "projects_router": "day07_sqlalchemy_orm.routes.projects:router",
    "tags_router": "day07_sqlalchemy_orm.routes.tags:router",
    "ProjectCreate": "day07_sqlalchemy_orm.schemas",
    "ProjectPublic": "day07_sqlalchemy_orm.schemas",
    "TagCreate": "day07_sqlalchemy_orm.schemas",
    "TagPublic": "day07_sqlalchemy_orm.schemas",
    "TaskDetail": "day07_sqlalchemy_orm.schemas",
}

__all__ = [
    "DAY07",
    "NAMING_CONVENTION",
    "READ_ONLY",
    "Base",
    "Day07Error",
    "History",
    "Lifespan",
    "NameTakenError",
    "Project",
    "ProjectCreate",
    "ProjectNotEmptyError",
    "ProjectNotFoundError",
    "ProjectPublic",
    "ProjectRepositoryDep",
    "SessionDep",
    "Settings",
    "SettingsDep",
    "SqlProjectRepository",
    "SqlTagRepository",
    "SqlTaskRepository",
    "Tag",
    "TagCreate",
    "TagNotFoundError",
    "TagPublic",
    "TagRepositoryDep",
    "Task",
    "TaskDetail",
    "TaskNotInProjectError",
    "TaskRepositoryDep",
    "alembic_config",
    "create_app",
    "create_engine_from_url",
    "current_revision",
    "downgrade",
    "get_project_repository",
    "get_session",
    "get_settings",
    "get_tag_repository",
    "get_task_repository",
    "head_revision",
    "install_database_error_handlers",
    "make_session_factory",
    "migrate",
    "projects_router",
    "tags_router",
    "task_detail",
    "task_tags",
    "upgrade",
    "utcnow",
]

__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
