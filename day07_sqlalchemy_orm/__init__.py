"""Day 7: day 4's task API on SQLAlchemy 2 (typed models, Alembic migrations) with projects
and tags; SQLite by default, PostgreSQL when DATABASE_URL says so.

Later days build on these names: the models, the SQL repositories, the engine and session
helpers, `create_app(settings, extra_routers=..., session_factory=..., lifespan=...)`, the
session dependency, the migration helpers (`History` for a later day's own migrations) and
the routers.
"""

from day07_sqlalchemy_orm.app import Lifespan, create_app
from day07_sqlalchemy_orm.config import Settings
from day07_sqlalchemy_orm.db import READ_ONLY, create_engine_from_url, make_session_factory
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
from day07_sqlalchemy_orm.models import (
    NAMING_CONVENTION,
    Base,
    Project,
    Tag,
    Task,
    task_tags,
    utcnow,
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
