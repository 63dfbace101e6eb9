"""The ORM models: users and their refresh tokens, tasks with projects and tags, jobs, reminders.

Every row a user owns carries `owner_id` and every query of a user's data filters on it:
that filter *is* object-level authorization (OWASP API1). Deleting a user deletes what they
own (ON DELETE CASCADE; day 7's SQLite engines turn foreign keys on).
The migration in `migrations/versions/` creates exactly this schema (a test compares them).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, MetaData, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from day07_sqlalchemy_orm import NAMING_CONVENTION, utcnow

EMAIL_MAX = 254
TITLE_MAX = 200
NOTES_MAX = 2000
NAME_MAX = 100
TAG_MAX = 32
TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    """Day 20's declarative base, with day 7's constraint names."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(Base):
    """An account: the email is its login, the hash is never sent or logged."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    full_name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(TS, default=utcnow)

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, email={self.email!r}, is_admin={self.is_admin!r})"


class RefreshToken(Base):
    """One refresh token (only its SHA-256 is stored) in a family that rotation extends."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    family: Mapped[str] = mapped_column(String(32), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(TS)
    used_at: Mapped[dt.datetime | None] = mapped_column(TS)  # rotated: a second use is theft
    revoked_at: Mapped[dt.datetime | None] = mapped_column(TS)  # logout, reuse, password change

    def __repr__(self) -> str:
        return f"RefreshToken(id={self.id!r}, family={self.family!r})"


task_tags = Table(
    "task_tags",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Base):
    """A named list of tasks, one user's."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_projects_owner_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(NAME_MAX))

    def __repr__(self) -> str:
        return f"Project(id={self.id!r}, name={self.name!r})"


class Tag(Base):
    """A label, one user's; created when a task first names it."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_tags_owner_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(TAG_MAX))

    def __repr__(self) -> str:
        return f"Tag(id={self.id!r}, name={self.name!r})"


class Task(Base):
    """A to-do item; `version` grows on every update (the ETag)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    notes: Mapped[str] = mapped_column(String(NOTES_MAX), default="")
    due: Mapped[dt.date | None] = mapped_column(index=True)
    priority: Mapped[int] = mapped_column(default=2)  # 1 high, 2 normal, 3 low
    done: Mapped[bool] = mapped_column(default=False)
    completed_at: Mapped[dt.datetime | None] = mapped_column(TS)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(TS, default=utcnow)
    tags: Mapped[list[Tag]] = relationship(secondary=task_tags, lazy="selectin", order_by=Tag.name)

    def __repr__(self) -> str:
        return f"Task(id={self.id!r}, title={self.title!r}, done={self.done!r})"


class JobKind(enum.StrEnum):
    """What a background job does."""

    IMPORT = "import"
    EXPORT = "export"
    SWEEP = "sweep"  # the overdue sweep, started by an admin (the periodic one has no job row)


class JobState(enum.StrEnum):
    """Where a job is: queued -> running -> done | failed."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """A CSV import, export or sweep; (owner, idempotency key) makes a retried POST one job."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("owner_id", "idempotency_key", name="uq_jobs_owner_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = _owner()
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[dt.datetime] = mapped_column(TS, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(TS)

    def __repr__(self) -> str:
        return f"Job(id={self.id!r}, kind={self.kind!r}, state={self.state!r})"


class Reminder(Base):
    """An overdue task, noticed by the sweep: one per task per due date (the unique key)."""

    __tablename__ = "reminders"
    # The sweep's idempotency: a second sweep (or a redelivered one) finds the pair taken.
    __table_args__ = (UniqueConstraint("task_id", "due", name="uq_reminders_task_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    due: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(TS, default=utcnow)

    def __repr__(self) -> str:
        return f"Reminder(id={self.id!r}, task_id={self.task_id!r}, due={self.due!r})"
