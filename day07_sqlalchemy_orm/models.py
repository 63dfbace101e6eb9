"""The ORM models: Task (day 4's fields plus a project), Project and Tag (many-to-many).

SQLAlchemy 2 typed declarative mapping: `Mapped[...]` annotations drive the column types and
nullability (`X | None` is a nullable column). The migrations in `migrations/versions/` create
exactly this schema; a test compares the two with Alembic's `compare_metadata`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Dialect, ForeignKey, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names, identical on SQLite and PostgreSQL, so migrations can
# refer to (and drop) constraints by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
NAME_MAX = 100
TAG_MAX = 32


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no time zones (it returns naive values) and PostgreSQL returns the session's
    zone; this type makes both backends hand back the same aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Store aware values converted to UTC; naive values are taken to be UTC already."""
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Return every timestamp aware, in UTC."""
        # solution: None stays None; a naive value is UTC (SQLite); an aware one is converted
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
        # end solution


class Base(DeclarativeBase):
    """The declarative base: one MetaData with the naming convention for every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


task_tags = Table(
    "task_tags",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Project(Base):
    """A named group of tasks. A project that still has tasks cannot be deleted."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # passive_deletes="all": the ORM leaves the tasks alone when a project is deleted, so
    # the database's ON DELETE RESTRICT decides (and refuses while tasks remain).
    tasks: Mapped[list[Task]] = relationship(back_populates="project", passive_deletes="all")

    def __repr__(self) -> str:
        return f"Project(id={self.id!r}, name={self.name!r})"


class Tag(Base):
    """A label; a task has any number of tags and a tag any number of tasks."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TAG_MAX), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    tasks: Mapped[list[Task]] = relationship(secondary=task_tags, back_populates="tags")

    def __repr__(self) -> str:
        return f"Tag(id={self.id!r}, name={self.name!r})"


class Task(Base):
    """A to-do item: the columns of day 4's TaskPublic plus an optional project."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str | None] = mapped_column(String(DESCRIPTION_MAX))
    done: Mapped[bool] = mapped_column(default=False, index=True)
    due_date: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    completed_at: Mapped[dt.datetime | None]
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="RESTRICT"), index=True
    )

    project: Mapped[Project | None] = relationship(back_populates="tasks")
    tags: Mapped[list[Tag]] = relationship(
        secondary=task_tags, back_populates="tasks", order_by=Tag.name
    )

    def __repr__(self) -> str:
        return f"Task(id={self.id!r}, title={self.title!r}, done={self.done!r})"
