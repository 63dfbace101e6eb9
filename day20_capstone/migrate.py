"""Day 20's tables come from its own Alembic line of revisions, run by day 7's runner.

Day 7's `History` names the versions folder, a version table of this day's own (so the
capstone can share a database with the other days) and the models the revisions must match.
"""

from __future__ import annotations

from pathlib import Path

from day07_sqlalchemy_orm import History, current_revision, head_revision
from day07_sqlalchemy_orm import upgrade as _upgrade
from day20_capstone.models import Base

CAPSTONE = History(
    versions=Path(__file__).resolve().parent / "migrations" / "versions",
    version_table="day20_alembic_version",
    metadata=Base.metadata,
)


def upgrade(url: str, revision: str = "head") -> None:
    """Create or update the capstone's tables in the database at `url`."""
    _upgrade(url, revision, history=CAPSTONE)


def is_current(url: str) -> bool:
    """True when the database at `url` is at the newest revision."""
    return current_revision(url, history=CAPSTONE) == head_revision(history=CAPSTONE)
