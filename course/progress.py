"""A learner's progress, kept beside their attempts in `attempts/.course-progress.json`.

Written atomically (a temporary file renamed over the old one), so an interrupted
`course check` never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = ".course-progress.json"


@dataclass(frozen=True)
class DayProgress:
    """How a day's attempt did the last time it was checked."""

    passed: int
    total: int
    checked_at: str

    @property
    def status(self) -> str:
        """`passed`, or `in progress (X of Y criteria)`."""
        if self.total and self.passed == self.total:
            return "passed"
        return f"in progress ({self.passed} of {self.total} criteria)"


def load(attempts: Path) -> dict[str, DayProgress]:
    """Progress by day key (`day07`); empty when nothing was checked yet."""
    try:
        raw = json.loads((attempts / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: DayProgress(**value) for key, value in raw.items() if isinstance(value, dict)}


def record(attempts: Path, day: str, *, passed: int, total: int) -> None:
    """Store a day's latest result, replacing the file atomically."""
    progress = load(attempts)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    progress[day] = DayProgress(passed=passed, total=total, checked_at=now)
    attempts.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({key: asdict(value) for key, value in sorted(progress.items())}, indent=2)
    handle, temporary = tempfile.mkstemp(dir=attempts, prefix=".progress-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload + "\n")
        os.replace(temporary, attempts / FILE_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
