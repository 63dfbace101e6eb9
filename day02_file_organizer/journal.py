"""The journal: JSON lines in the organised folder that make every run undoable (its writer).

Records, in the order they are written:
  {"op": "start", "time": ..., "root": ..., "dest": ...}
  {"op": "mkdir", "path": ...}                          before a folder is created
  {"op": "intent", "n": 7, "src": ..., "dst": ...}      before file 7 is moved
  {"op": "done", "n": 7}                                after file 7 is moved
  {"op": "end", "time": ..., "moved": ..., "failed": ...}

Durability: each `intent` and `mkdir` record is flushed to the operating system before the move
or mkdir it announces, so a killed process (even SIGKILL) never moves a file the journal does not
know about. `done` records ride along with the next flush: a missing `done` is recovered by
looking at the disk. Records are not fsync'ed one by one (that would cost a disk round trip per
file); the file is fsync'ed once at the end, or after every intent with `fsync=True`.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii as _quote
from pathlib import Path
from typing import Any, TextIO

from day02_file_organizer.errors import JournalError

JOURNAL_NAME = ".organize-journal.jsonl"


def journal_path(root: Path) -> Path:
    """Where the journal of a folder lives."""
    return root / JOURNAL_NAME


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class JournalWriter:
    """Appends records to a folder's journal; use it as a context manager."""

    def __init__(self, root: Path, *, fsync: bool = False) -> None:
        self.path = journal_path(root)
        self._fsync = fsync
        self._file: TextIO | None = None
        self._count = 0

    def __enter__(self) -> JournalWriter:
        try:
            torn = _ends_mid_line(self.path)
            self._file = open(self.path, "a", encoding="utf-8")  # closed in __exit__
            if torn:
                self._file.write("\n")
        except OSError as exc:
            raise JournalError(
                f"cannot write the journal {self.path}: {exc.strerror}",
                hint="the folder must be writable so the run can be undone",
            ) from exc
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._file is not None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def _write(self, record: dict[str, Any], *, flush: bool) -> None:
        assert self._file is not None
        self._file.write(json.dumps(record) + "\n")
        if flush:
            self._file.flush()
            if self._fsync:
                os.fsync(self._file.fileno())

    def start(self, *, root: Path, dest: Path) -> None:
        """Open a run."""
        self._write(
            {"op": "start", "time": _now(), "root": str(root), "dest": str(dest)}, flush=True
        )

    def mkdir(self, path: Path) -> None:
        """Announce a folder about to be created (undo removes it if it is empty)."""
        self._write({"op": "mkdir", "path": str(path)}, flush=True)

    def intent(self, src: str, dst: str) -> int:
        """Announce a move and return its number; flushed before the caller moves anything."""
        # solution: write the intent line and flush it before anything moves; return its number
        self._count += 1
        # Hand-built around json's own string quoting: a third of the cost of json.dumps(dict).
        line = (
            f'{{"op": "intent", "n": {self._count}, "src": {_quote(src)}, "dst": {_quote(dst)}}}\n'
        )
        assert self._file is not None
        self._file.write(line)
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())
        return self._count
        # end solution

    def done(self, number: int) -> None:
        """Record that move `number` happened (written with the next flush)."""
        assert self._file is not None
        self._file.write(f'{{"op": "done", "n": {number}}}\n')

    def end(self, *, moved: int, failed: int) -> None:
        """Close a run."""
        self._write({"op": "end", "time": _now(), "moved": moved, "failed": failed}, flush=True)


def _ends_mid_line(path: Path) -> bool:
    """After a killed run the journal may end mid-line; the next run must start a fresh line."""
    try:
        with open(path, "rb") as file:
            if file.seek(0, os.SEEK_END) == 0:
                return False
            file.seek(-1, os.SEEK_END)
            return file.read(1) != b"\n"
    except FileNotFoundError:
        return False
