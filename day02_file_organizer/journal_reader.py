"""Reading the journal back for `undo`: every announced move, and whether it was confirmed.

Each run in the file starts with a `start` record and numbers its moves from 1; a `done`
confirms the intent with the same number in the same run. A torn last line (a run killed while
writing it) is skipped: a move starts only after its intent line is written whole.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from day02_file_organizer.errors import JournalError, NothingToUndoError
from day02_file_organizer.journal import JOURNAL_NAME, journal_path

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One move the journal announced, and whether it was confirmed (paths as strings)."""

    number: int
    source: str
    target: str
    done: bool

    @property
    def src(self) -> Path:
        """Where the file came from."""
        return Path(self.source)

    @property
    def dst(self) -> Path:
        """Where it was moved to."""
        return Path(self.target)


@dataclass(frozen=True)
class JournalContents:
    """Everything undo needs: the moves in order and the folders the runs created."""

    moves: list[JournalEntry]
    created_dirs: list[Path]


def _records(path: Path) -> Iterator[dict[str, Any]]:
    """Decode the journal's lines, skipping torn ones.

    A line is torn only when a run was killed while writing it; since a move starts only after
    its intent line is flushed whole, a torn intent announces a move that never happened.
    """
    with open(path, encoding="utf-8", errors="replace") as file:
        for number, line in enumerate(file, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if line.strip():
                    logger.warning("journal line %d is torn; ignored: %.60s", number, line)
                continue
            if isinstance(record, dict):
                yield record


def read_journal(root: Path) -> JournalContents:
    """Read every run of a folder's journal (numbers restart with each run)."""
    path = journal_path(root)
    if not path.is_file():
        raise NothingToUndoError(
            f"{root} has no journal ({JOURNAL_NAME})",
            hint="it was never organised, or it was already undone",
        )
    moves: list[JournalEntry] = []
    created: list[Path] = []
    run_moves: dict[int, int] = {}  # move number within the current run -> index in `moves`
    for record in _records(path):
        try:
            op = record["op"]
            if op == "start":
                run_moves = {}
            elif op == "mkdir":
                created.append(Path(record["path"]))
            elif op == "intent":
                run_moves[record["n"]] = len(moves)
                moves.append(
                    JournalEntry(record["n"], str(record["src"]), str(record["dst"]), False)
                )
            elif op == "done" and record["n"] in run_moves:
                entry = moves[run_moves[record["n"]]]
                moves[run_moves[record["n"]]] = JournalEntry(
                    entry.number, entry.source, entry.target, True
                )
        except (KeyError, TypeError) as exc:
            raise JournalError(
                f"the journal {path} has a record undo does not understand: {record}",
                hint="it was edited by hand; restore it or move the files back yourself",
            ) from exc
    return JournalContents(moves, created)
