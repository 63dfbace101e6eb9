"""The progress line a long run draws on a terminal: `moved 1234/100000`, redrawn in place."""

from __future__ import annotations

import time
from typing import TextIO

PROGRESS_THRESHOLD = 1000  # files: below this a run is too short for a progress line


class Progress:
    """`moved 1234/100000` on a terminal, redrawn at most four times a second."""

    def __init__(self, stream: TextIO | None, total: int) -> None:
        self._stream = stream if total >= PROGRESS_THRESHOLD else None
        self._total = total
        self._next = 0.0

    def update(self, done: int) -> None:
        if self._stream is None or done % 256:
            return
        now = time.monotonic()
        if now >= self._next:
            self._next = now + 0.25
            self._stream.write(f"\rmoved {done}/{self._total}")
            self._stream.flush()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.write("\r" + " " * 40 + "\r")
            self._stream.flush()
