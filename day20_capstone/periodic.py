"""A small periodic timer: the embedded default's stand-in for Celery beat.

One daemon thread calls `action` at start and then every `interval` seconds until `stop()`.
A failing call is logged and the timer goes on (the database may be back next time). The
lifespan starts it only without REDIS_URL; with Redis, Celery beat does this job.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)


class PeriodicTimer:
    """Call `action()` now and every `interval` seconds, in a thread, until stopped."""

    def __init__(self, interval: float, action: Callable[[], object], *, name: str) -> None:
        self.interval = interval
        self.action = action
        self.name = name
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> PeriodicTimer:
        """Start the thread."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to stop and wait for the call in hand (if any) to end."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.action()
            except Exception:  # logged; the next round may succeed
                logger.exception("%s failed; trying again in %g s", self.name, self.interval)
            if self._stopping.wait(self.interval):
                return
