"""Two runners behind one small interface: `submit(upload_id)` hands an upload over.

- `CeleryRunner` sends a message to the Redis queue; worker processes (any number, on any
  machine that reaches Redis, the database and the upload folder) take it from there. The
  upload survives this process: the message waits in Redis until a worker acknowledges it.
- `InProcessRunner` runs the same `Processor` in a thread pool of this process. Nothing to
  install, and nothing durable either: the queue is a list in memory, so an upload accepted
  but not finished when the process dies stays queued (or processing) for ever.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, cast

from kombu.exceptions import OperationalError

from day13_background_tasks.celery_app import TASK_NAME, make_celery
from day13_background_tasks.config import Settings
from day13_background_tasks.errors import Busy, QueueUnavailable, TransientError
from day13_background_tasks.processing import Processor
from shared.services import redact

logger = logging.getLogger(__name__)


class Runner(Protocol):
    """Where uploads are processed once the API has stored them."""

    @property
    def description(self) -> str:
        """One line for the start-up log: which runner, where."""
        ...

    def submit(self, upload_id: str) -> None:
        """Hand the upload over; QueueUnavailable when that is impossible right now."""
        ...

    def close(self) -> None:
        """Release connections and threads."""
        ...


class CeleryRunner:
    """Send each upload to the Celery queue on Redis."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = make_celery(settings)

    @property
    def description(self) -> str:
        """Celery, its broker and queue."""
        broker = redact(self.settings.redis_url or "")
        return f"Celery on {broker}, queue {self.settings.day13_queue!r}"

    def submit(self, upload_id: str) -> None:
        """Publish the task; its id is the upload id, so logs of both sides line up."""
        # solution: send the task by name to the queue, with the upload id as the task id
        try:
            self.app.send_task(
                TASK_NAME, args=(upload_id,), task_id=upload_id, queue=self.settings.day13_queue
            )
        except OperationalError as exc:
            raise QueueUnavailable(
                f"The job queue is unavailable ({exc}); the upload was not kept, try again."
            ) from exc
        # end solution

    def close(self) -> None:
        """Close the broker connections."""
        self.app.close()


class InProcessRunner:
    """Process uploads in threads of this process (no broker; nothing survives a crash)."""

    def __init__(self, processor: Processor, *, threads: int = 2) -> None:
        self.processor = processor
        self.threads = threads
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="day13-upload")
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()

    @property
    def description(self) -> str:
        """In-process, and what that means."""
        return (
            f"in-process ({self.threads} threads; uploads not finished when this process "
            "stops are never processed, see the README)"
        )

    def submit(self, upload_id: str) -> None:
        """Queue the upload for the next free thread."""
        self._pool.submit(self._run, upload_id)

    def _run(self, upload_id: str) -> None:
        """One attempt, in a pool thread; a transient failure is submitted again later."""
        worker = f"in-process:{threading.current_thread().name}"
        try:
            # solution: run the Processor; on TransientError or Busy, submit again after the delay
            try:
                self.processor.process(upload_id, worker=worker)
            except TransientError as exc:
                self._later(exc.delay, upload_id)
            except Busy as busy:
                self._later(busy.wait, upload_id)
            # end solution
        except Exception:  # a bug: say so, and keep the thread for the next upload
            logger.exception("processing upload %s failed unexpectedly", upload_id)

    def _later(self, delay: float, upload_id: str) -> None:
        """Submit the upload again after `delay` seconds (unless the runner closes first)."""
        timer = threading.Timer(delay, self._fire, args=(upload_id,))
        timer.daemon = True
        with self._lock:
            if self.processor.stopping.is_set():
                return
            self._timers.add(timer)
        timer.start()

    def _fire(self, upload_id: str) -> None:
        with self._lock:
            self._timers.discard(cast(threading.Timer, threading.current_thread()))
            if self.processor.stopping.is_set():
                return
        self.submit(upload_id)

    def close(self) -> None:
        """Stop: uploads being read give their claim back; queued ones are dropped (lost)."""
        with self._lock:
            self.processor.stopping.set()
            for timer in self._timers:
                timer.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
