"""Running one job, as either runner does: done once, however often it is delivered.

`JobProcessor` is day 13's `Processor` (its sessions, its file folder, the stop flag that
day 13's `InProcessRunner` sets) with a `process(job_id, worker=...)` of its own. A delivery
first claims the job in a short transaction of its own (`running`, one more attempt: what
`/jobs/{id}` shows while it works). Then the job's work and its `done` state are written in
ONE transaction that starts by locking the job row and checking it is not done yet. So:
- a duplicate delivery (the API retried, Celery redelivered) finds it done and skips;
- a worker killed mid-job commits nothing but its claim: the redelivery does the whole job,
  once, and the job shows two attempts;
- an import is all or nothing: one rejected row and no task of the file is stored.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import utcnow
from day13_background_tasks import Processor, TransientError
from day20_capstone.csvio import read_rows, write_tasks
from day20_capstone.models import Job, JobKind, JobState, Task
from day20_capstone.reminders import record_overdue
from day20_capstone.tasks import create_tasks

logger = logging.getLogger(__name__)


def input_path(folder: Path, job_id: str) -> Path:
    """Where an import's uploaded CSV waits for its job."""
    return folder / f"{job_id}-in.csv"


def output_path(folder: Path, job_id: str) -> Path:
    """Where an export's CSV is written."""
    return folder / f"{job_id}-out.csv"


@dataclass
class JobProcessor(Processor):
    """Day 13's processor shape, running capstone jobs; `on_change(owner_id)` drops caches."""

    on_change: Callable[[int], None] = field(default=lambda owner_id: None)

    def process(self, upload_id: str, *, worker: str) -> str:
        """Run job `upload_id` (day 13's parameter name) once in effect; returns what happened."""
        job_id = upload_id
        try:
            with self.sessions.begin() as session:
                self._mark_running(session, job_id)
            with self.sessions.begin() as session:
                outcome, owner_id = self._run(session, job_id, worker)
        except SQLAlchemyError as exc:  # the database may come back: try again later
            logger.warning("job %s: database error %s; will retry", job_id, type(exc).__name__)
            raise TransientError(f"database error: {exc}", delay=self.retry_delay) from exc
        if owner_id is not None:
            self.on_change(owner_id)
        logger.info("job %s %s (worker %s)", job_id, outcome, worker)
        return outcome

    def _mark_running(self, session: Session, job_id: str) -> None:
        """Mark an unfinished job running, one attempt more (committed before the work)."""
        job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).first()
        if job is not None and job.state not in (JobState.DONE, JobState.FAILED):
            job.state, job.attempts = JobState.RUNNING, job.attempts + 1

    def _run(self, session: Session, job_id: str, worker: str) -> tuple[str, int | None]:
        # solution: lock the job; skip it when unknown or finished; else do the work and finish it
        job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).first()
        if job is None:
            return "skipped: no such job", None
        if job.state in (JobState.DONE, JobState.FAILED):
            return f"skipped: already {job.state}", None
        if job.kind == JobKind.IMPORT:
            self._import(session, job)
        elif job.kind == JobKind.SWEEP:
            self._sweep(session, job)
        else:
            self._export(session, job)
        job.finished_at = utcnow()
        return job.state, job.owner_id
        # end solution

    def _sweep(self, session: Session, job: Job) -> None:
        recorded = record_overdue(session, today=dt.date.today())
        job.state = JobState.DONE
        job.report = {"recorded": recorded}

    def _import(self, session: Session, job: Job) -> None:
        text = input_path(self.upload_dir, job.id).read_text(encoding="utf-8-sig")
        rows = list(read_rows(text))
        rejected = [{"line": row.line, "errors": row.errors} for row in rows if row.errors]
        if rejected:
            job.state, job.error = (
                JobState.FAILED,
                f"{len(rejected)} rows rejected; nothing imported",
            )
            job.report = {
                "imported": 0,
                "rejected": rejected[:100],
                "rejected_count": len(rejected),
            }
            return
        items = [row.task for row in rows if row.task is not None]
        create_tasks(session, owner_id=job.owner_id, items=items, done=[row.done for row in rows])
        job.state = JobState.DONE
        job.report = {"imported": len(rows), "rejected": [], "rejected_count": 0}

    def _export(self, session: Session, job: Job) -> None:
        tasks = session.scalars(select(Task).where(Task.owner_id == job.owner_id).order_by(Task.id))
        target = output_path(self.upload_dir, job.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = write_tasks(tasks)
        target.write_text(text, encoding="utf-8")
        job.state = JobState.DONE
        job.report = {
            "exported": max(text.count("\n") - 1, 0),
            "download": f"/jobs/{job.id}/download",
        }
