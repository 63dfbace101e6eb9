"""Processing one upload: claim it, run day 1's report over the file, record the outcome.

Both runners call `Processor.process(upload_id, worker=...)`; it is safe to call any number
of times for the same upload (a duplicate delivery, a redelivery after a crash), because
every write depends on the claim (`store`). What it returns or raises tells the runner what
to do next:

- a string: finished, nothing more to do (`done`, `failed`, or `skipped: <why>`);
- `TransientError(delay=...)`: the file or the database failed in a way that may pass; the
  upload is back in the queue and the runner tries again after `delay` (exponential back-off).
  After `max_attempts` attempts the upload fails instead;
- `Busy(wait=...)`: another worker holds a live claim; check again when it would have lapsed.

A malformed CSV file is not transient: day 1's error message becomes the upload's error at once.
"""

from __future__ import annotations

import io
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from day01_csv_report import CsvReportError, analyze, report_to_dict
from day13_background_tasks import store
from day13_background_tasks.config import Settings
from day13_background_tasks.errors import Busy, LeaseLost, TransientError
from day13_background_tasks.models import Upload
from shared.types import utc_now

logger = logging.getLogger(__name__)

CHUNK = 256 * 1024  # bytes read (and counted for progress) at a time
PROGRESS_EVERY = 0.5  # seconds between progress writes (each also renews the claim)


def upload_path(folder: Path, upload_id: str) -> Path:
    """Where an accepted upload's bytes live."""
    return folder / f"{upload_id}.csv"


def backoff(attempt: int, *, first: float, cap: float) -> float:
    """Seconds to wait before attempt `attempt + 1`: first, 2x first, 4x first, ... up to cap."""
    return float(min(cap, first * 2.0 ** (attempt - 1)))


class ProgressReader(io.RawIOBase):
    """A binary file that calls `on_read(total_bytes)` after every read (day 1 reads it)."""

    def __init__(self, raw: io.BufferedReader, name: str, on_read: Callable[[int], None]) -> None:
        super().__init__()
        self._raw, self.name, self._on_read, self._total = raw, name, on_read, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any, /) -> int:
        count = self._raw.readinto(buffer)
        self._total += count
        self._on_read(self._total)
        return count


@dataclass
class Processor:
    """Everything processing needs: sessions, the upload folder, the lease and retry policy."""

    sessions: sessionmaker[Session]
    upload_dir: Path
    lease: float = 30.0
    max_attempts: int = 5
    retry_delay: float = 2.0
    retry_delay_max: float = 60.0
    stopping: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def from_settings(cls, settings: Settings, sessions: sessionmaker[Session]) -> Processor:
        """A Processor with the settings' folder, lease and retry policy."""
        return cls(
            sessions=sessions,
            upload_dir=settings.day13_upload_dir,
            lease=settings.day13_lease_seconds,
            max_attempts=settings.day13_max_attempts,
            retry_delay=settings.day13_retry_delay,
            retry_delay_max=settings.day13_retry_delay_max,
        )

    def process(self, upload_id: str, *, worker: str) -> str:
        """Process the upload once in effect; see the module docstring for the outcomes."""
        token = uuid.uuid4().hex
        # solution: claim the upload (skip or report Busy if not ours), analyse it, record it
        claim = self._claim(upload_id, token=token, worker=worker)
        if claim.skip is not None:
            logger.info("upload %s skipped: %s", upload_id, claim.skip)
            return f"skipped: {claim.skip}"
        if claim.upload is None:
            wait = (claim.busy_until or utc_now()) - utc_now()
            raise Busy(upload_id, wait=max(0.1, wait.total_seconds()))
        upload = claim.upload
        try:
            report = self._analyze(upload, token)
        except CsvReportError as exc:  # the file itself is bad: retrying cannot help
            return self._finish(upload, token, error=str(exc))
        except LeaseLost:
            logger.info("upload %s was deleted or taken over while being read", upload_id)
            return "skipped: the claim was lost"
        except _Stopped:
            self._release(upload, token, "the runner stopped before it finished", retry_at=None)
            return "skipped: the runner is stopping"
        except (OSError, SQLAlchemyError) as exc:
            return self._retry_later(upload, token, exc)
        except Exception as exc:  # a bug: fail the upload rather than leave it stuck
            logger.exception("processing upload %s failed unexpectedly", upload_id)
            return self._finish(upload, token, error=f"internal error: {type(exc).__name__}")
        return self._finish(upload, token, report=report_to_dict(report))
        # end solution

    def _claim(self, upload_id: str, *, token: str, worker: str) -> store.Claim:
        try:
            with self.sessions.begin() as session:
                now = utc_now()
                return store.claim(
                    session, upload_id, token=token, worker=worker, now=now, lease=self.lease
                )
        except SQLAlchemyError as exc:  # the database is down: nothing recorded, try later
            reason = _describe(exc)
            logger.warning("cannot claim upload %s (%s)", upload_id, reason)
            raise TransientError(reason, delay=self.retry_delay_max) from exc

    def _analyze(self, upload: Upload, token: str) -> Any:
        """Day 1's report of the stored file, renewing the claim as the bytes go by."""
        write_every = min(PROGRESS_EVERY, self.lease / 3)
        last = time.monotonic()

        def on_read(total: int) -> None:
            nonlocal last
            if self.stopping.is_set():
                raise _Stopped
            if time.monotonic() - last < write_every:
                return
            last = time.monotonic()
            until = utc_now() + timedelta(seconds=self.lease)
            with self.sessions.begin() as session:
                if not store.renew(session, upload.id, token=token, bytes_read=total, until=until):
                    raise LeaseLost(upload.id)

        with open(upload_path(self.upload_dir, upload.id), "rb") as raw:
            reader = ProgressReader(raw, upload.filename, on_read)
            return analyze(io.BufferedReader(reader, CHUNK))

    def _finish(
        self, upload: Upload, token: str, *, report: dict[str, Any] | None = None, error: str = ""
    ) -> str:
        with self.sessions.begin() as session:
            ours = store.finish(
                session, upload.id, token=token, now=utc_now(), report=report, error=error or None
            )
        outcome = "done" if report is not None else "failed"
        if not ours:
            return "skipped: the claim was lost"
        logger.info("upload %s %s%s", upload.id, outcome, f": {error}" if error else "")
        return outcome

    def _retry_later(self, upload: Upload, token: str, exc: Exception) -> str:
        """Fail the upload after the last attempt; else put it back and say when to retry."""
        reason = _describe(exc)
        if upload.attempts >= self.max_attempts:
            error = f"gave up after {upload.attempts} attempts: {reason}"
            return self._finish(upload, token, error=error)
        delay = backoff(upload.attempts, first=self.retry_delay, cap=self.retry_delay_max)
        self._release(upload, token, reason, retry_at=utc_now() + timedelta(seconds=delay))
        logger.warning(
            "upload %s attempt %d failed (%s); retry in %.1f s",
            upload.id,
            upload.attempts,
            reason,
            delay,
        )
        raise TransientError(reason, delay=delay) from exc

    def _release(self, upload: Upload, token: str, reason: str, *, retry_at: Any) -> None:
        try:
            with self.sessions.begin() as session:
                store.release(session, upload.id, token=token, error=reason, retry_at=retry_at)
        except SQLAlchemyError:  # the database is down: the claim lapses, a retry takes it
            logger.warning("could not record the failure of upload %s", upload.id)


class _Stopped(Exception):
    """The runner is shutting down: stop reading, give the upload back."""


def _describe(exc: Exception) -> str:
    """One line for the upload's `error`: what failed, without the server's paths or SQL."""
    if isinstance(exc, OSError):
        return f"{type(exc).__name__}: {exc.strerror or exc} (reading the stored file)"
    return f"{type(exc).__name__}: {exc}".splitlines()[0]
