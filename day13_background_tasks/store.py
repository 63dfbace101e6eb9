"""Data functions on the `uploads` table. They take the session and never commit.

The processing side is a small protocol on one row, so that a job delivered twice, or to two
workers at once, changes the row once:

- `claim` moves a row to `processing` only if it is queued, or its last claim has lapsed
  (the worker holding it died); the claim is a random token plus a deadline, `lease_until`.
- `renew`, `finish` and `release` change the row only while it still carries the caller's
  token: a worker whose upload was deleted, or whose lapsed claim another worker took over,
  finds nothing to update and stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from day13_background_tasks.models import State, Upload

_NO_SYNC = {"synchronize_session": False}  # bulk UPDATEs: leave loaded objects alone


@dataclass(frozen=True)
class Claim:
    """The outcome of a claim: `upload` when it is ours, else why not."""

    upload: Upload | None = None
    skip: str | None = None  # the upload is gone or finished: there is nothing to do
    busy_until: datetime | None = None  # another worker's live claim lasts until then


def add_upload(session: Session, upload: Upload) -> None:
    """Insert a new upload row."""
    session.add(upload)
    session.flush()


def get_upload(session: Session, upload_id: str) -> Upload | None:
    """The upload with this id, or None."""
    return session.get(Upload, upload_id)


def list_uploads(
    session: Session, *, state: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Upload], int]:
    """A page of uploads, newest first, and how many match in all."""
    query: Select[tuple[Upload]] = select(Upload)
    if state is not None:
        query = query.where(Upload.state == state)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = query.order_by(Upload.created_at.desc(), Upload.id).limit(limit).offset(offset)
    return list(session.scalars(page)), total


def delete_upload(session: Session, upload_id: str) -> Upload | None:
    """Delete the row and return it (None when there was none)."""
    upload = session.get(Upload, upload_id)
    if upload is not None:
        session.delete(upload)
        session.flush()
    return upload


def claim(
    session: Session,
    upload_id: str,
    *,
    token: str,
    worker: str,
    now: datetime,
    lease: float,
) -> Claim:
    """Take the upload for processing, if it is free; say why not otherwise."""
    # solution: one conditional UPDATE takes a queued (or lapsed) upload; else say why not
    claimable = or_(
        Upload.state == State.QUEUED,
        and_(Upload.state == State.PROCESSING, Upload.lease_until < now),
    )
    taken = _update(
        session,
        and_(Upload.id == upload_id, claimable),
        state=State.PROCESSING,
        attempts=Upload.attempts + 1,
        bytes_read=0,
        lease_token=token,
        lease_until=now + timedelta(seconds=lease),
        worker=worker,
        started_at=now,
        retry_at=None,
    )
    upload = session.get(Upload, upload_id, populate_existing=True)
    if upload is None:
        return Claim(skip="it was deleted")
    if taken:
        return Claim(upload=upload)
    if upload.state in (State.DONE, State.FAILED):
        return Claim(skip=f"it is already {upload.state}")
    return Claim(busy_until=upload.lease_until)
    # end solution


def renew(
    session: Session, upload_id: str, *, token: str, bytes_read: int, until: datetime
) -> bool:
    """Record progress and extend our claim; False when the claim is no longer ours."""
    return _update(session, _ours(upload_id, token), bytes_read=bytes_read, lease_until=until)


def finish(
    session: Session,
    upload_id: str,
    *,
    token: str,
    now: datetime,
    report: dict[str, Any] | None = None,
    error: str | None = None,
) -> bool:
    """Record the outcome (a report, or the error that makes it fail); False if not ours."""
    return _update(
        session,
        _ours(upload_id, token),
        state=State.FAILED if report is None else State.DONE,
        report=report,
        error=error,
        finished_at=now,
        lease_token=None,
        lease_until=None,
    )


def release(
    session: Session, upload_id: str, *, token: str, error: str, retry_at: datetime | None
) -> bool:
    """Give the upload back to the queue after a transient failure; False if not ours."""
    return _update(
        session,
        _ours(upload_id, token),
        state=State.QUEUED,
        error=error,
        retry_at=retry_at,
        lease_token=None,
        lease_until=None,
    )


def _ours(upload_id: str, token: str) -> Any:
    return and_(Upload.id == upload_id, Upload.lease_token == token)


def _update(session: Session, where: Any, **values: Any) -> bool:
    """Run one UPDATE ... WHERE; True when it changed a row."""
    statement = update(Upload).where(where).values(**values)
    result = session.execute(statement, execution_options=_NO_SYNC)
    return cast(CursorResult[Any], result).rowcount == 1
