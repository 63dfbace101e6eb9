"""Day 11's tables come from an Alembic migration, run by day 7's migration runner.

Day 7's `History` names a line of revisions: this package's `migrations/versions/` folder,
its own version table (so day 11 can share a database with day 7 without either confusing
the other's revision) and the models the revisions must match.
"""

from __future__ import annotations

from pathlib import Path

from day07_sqlalchemy_orm import History, current_revision, head_revision
from day07_sqlalchemy_orm import downgrade as _downgrade
from day07_sqlalchemy_orm import upgrade as _upgrade
from day11_rest_library.models import Base

LIBRARY = History(
    versions=Path(__file__).resolve().parent / "migrations" / "versions",
    version_table="day11_alembic_version",
    metadata=Base.metadata,
)


def upgrade(url: str, revision: str = "head") -> None:
    """Create or update the library's tables in the database at `url`."""
    _upgrade(url, revision, history=LIBRARY)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the library's tables down to `revision` (default: none left)."""
    _downgrade(url, revision, history=LIBRARY)


def is_current(url: str) -> bool:
    """True when the database at `url` is at the newest revision."""
    return current_revision(url, history=LIBRARY) == head_revision(history=LIBRARY)
