"""Jobs as the API sees them: create one (idempotently), hand it to the runner, read it.

A POST with the same `Idempotency-Key` (or, for an import without one, the same file) gives
back the job it created the first time instead of a second one. The job row is committed
before the runner sees its id, so a worker never looks for a job that is not there yet.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from day13_background_tasks import Runner
from day20_capstone.errors import NotFound
from day20_capstone.models import Job, JobKind
from day20_capstone.processor import input_path


def get_job(session: Session, *, owner_id: int, job_id: str) -> Job:
    """The owner's job; NotFound for an unknown id and for another user's."""
    job = session.scalars(select(Job).where(Job.id == job_id, Job.owner_id == owner_id)).first()
    if job is None:
        raise NotFound(f"You have no job {job_id}.")
    return job


def start_job(
    session: Session,
    runner: Runner,
    *,
    owner_id: int,
    kind: JobKind,
    key: str | None,
    files: Path,
    content: bytes = b"",
) -> tuple[Job, bool]:
    """The job for this key (created and submitted if new); True when it was created now."""
    # solution: same (owner, key) -> the existing job; else store the input, commit, submit
    if key is None:
        key = hashlib.sha256(content).hexdigest() if kind == JobKind.IMPORT else uuid.uuid4().hex
    key = f"{kind.value}:{key}"[:64]
    existing = session.scalars(
        select(Job).where(Job.owner_id == owner_id, Job.idempotency_key == key)
    ).first()
    if existing is not None:
        return existing, False
    job = Job(id=uuid.uuid4().hex, owner_id=owner_id, kind=kind.value, idempotency_key=key)
    if kind == JobKind.IMPORT:
        files.mkdir(parents=True, exist_ok=True)
        input_path(files, job.id).write_bytes(content)
    session.add(job)
    session.commit()
    runner.submit(job.id)
    return job, True
    # end solution
