"""The `uploads` table: one row per uploaded file, the single source of truth of its state.

The API writes a row when a file has been stored; whichever runner processes it claims the
row (`state`, `lease_token`, `lease_until`), renews the claim while it reads, and writes the
outcome only while the claim is still its own. Day 13 creates the table itself at start-up
(`create_tables`): one table, no migrations (day 7 and day 20 use Alembic).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    inspect,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class State(StrEnum):
    """Where an upload is: waiting, being read, finished with a report, or failed."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


FINISHED = frozenset({State.DONE, State.FAILED})


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite hands back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and dialect.name == "sqlite":  # one text format: comparable
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Day 13's own metadata (nothing shared with day 7's tables)."""


class Upload(Base):
    """An uploaded CSV file and what became of it."""

    __tablename__ = "uploads"
    __table_args__ = (Index("ix_uploads_created_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default=State.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    bytes_read: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    worker: Mapped[str | None] = mapped_column(String(255))
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"Upload(id={self.id!r}, filename={self.filename!r}, state={self.state!r})"

    @property
    def progress(self) -> int:
        """How much of the file has been read, in percent."""
        if self.state == State.DONE:
            return 100
        return min(100, self.bytes_read * 100 // self.size) if self.size else 0


# Any fixed number: every process of the app asks PostgreSQL for the same advisory lock.
_CREATE_TABLES_LOCK = 13_0001


def create_tables(engine: Engine) -> None:
    """Create the `uploads` table if it is missing (the API and every worker call this).

    Two workers started together both see no table and both create it. On PostgreSQL the
    loser would fail on a duplicate type: a transaction-scoped advisory lock makes them take
    turns. On SQLite the loser's `CREATE TABLE` fails with "already exists", which is fine.
    """
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CREATE_TABLES_LOCK}
                )
            Base.metadata.create_all(connection)
    except OperationalError:
        if not inspect(engine).has_table(Upload.__tablename__):
            raise
