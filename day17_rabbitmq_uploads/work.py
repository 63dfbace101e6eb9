"""What the consumer does with a job: day 13's processor, and the upload row's parked state.

The consumer knows only the small `Work` interface, so the benchmark can measure the queue
machinery with work that does nothing. `UploadWork` is the real one: `process` is day 13's
`Processor.process` (claim, day 1's report, outcome: idempotent by upload id), `park` marks
the upload failed with the reason its job was parked for, and `unpark` (a replay) queues it
again.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day13_background_tasks import Processor, State, Upload, create_tables
from day17_rabbitmq_uploads.config import Settings
from shared.types import utc_now

logger = logging.getLogger(__name__)

PARKED = "parked in the dead-letter queue: "  # how a parked upload's error begins


class Work(Protocol):
    """What the consumer runs for a job (off the connection's thread)."""

    def process(self, upload_id: str) -> str:
        """Do the job; a short outcome, or raise day 13's TransientError or Busy."""
        ...

    def park(self, upload_id: str, reason: str) -> None:
        """Record that the job was parked in the dead-letter queue, and why."""
        ...


class UploadWork:
    """Day 13's processor on the settings' database and upload folder."""

    def __init__(self, settings: Settings, *, worker: str) -> None:
        self.worker = worker
        self.engine = create_engine_from_url(settings.database_url)
        create_tables(self.engine)
        settings.day13_upload_dir.mkdir(parents=True, exist_ok=True)
        self.sessions = make_session_factory(self.engine)
        self.processor = Processor.from_settings(settings, self.sessions)

    def process(self, upload_id: str) -> str:
        """Day 13's `Processor.process` for the upload."""
        return self.processor.process(upload_id, worker=self.worker)

    def park(self, upload_id: str, reason: str) -> None:
        """The upload (queued again after its last failure) fails with the reason."""
        # solution: a queued upload becomes failed, its error the parking reason
        error = f"{PARKED}{reason}"
        where = (Upload.id == upload_id, Upload.state == State.QUEUED)
        values = {"state": State.FAILED, "error": error, "finished_at": utc_now()}
        self._update(upload_id, where, {**values, "retry_at": None}, "park")
        # end solution

    def unpark(self, upload_id: str) -> None:
        """A parked upload is queued again (its job is being replayed)."""
        where = (Upload.id == upload_id, Upload.error.startswith(PARKED, autoescape=True))
        values = {"state": State.QUEUED, "error": None, "finished_at": None}
        self._update(upload_id, (*where, Upload.state == State.FAILED), values, "unpark")

    def _update(
        self, upload_id: str, where: tuple[Any, ...], values: dict[str, Any], what: str
    ) -> None:
        statement = update(Upload).where(*where).values(**values)
        try:
            with self.sessions.begin() as session:
                session.execute(statement)
        except SQLAlchemyError as exc:  # the job is parked (or replayed) all the same
            logger.warning("could not %s upload %s: %s", what, upload_id, type(exc).__name__)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()
