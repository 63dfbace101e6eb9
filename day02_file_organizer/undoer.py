"""Undo: replay the journal backwards and put every file back where it was.

Each announced move is judged by what is on disk now, so undo also works after a run that was
killed midway (an intent without its `done`), and is itself safe to run again if interrupted:

| source | target | journal says     | meaning                                   | action          |
|--------|--------|------------------|-------------------------------------------|-----------------|
| no     | yes    | anything         | the file was moved                        | move it back    |
| yes    | no     | anything         | never moved, or already put back          | nothing         |
| yes    | yes    | intent only      | cross-filesystem copy done, original kept | delete the copy |
| yes    | yes    | done             | a new file took the original name         | back as `x (1)` |
| no     | no     | done             | the file was deleted after the run        | report          |
| no     | no     | intent only      | the file vanished before the move         | nothing         |
"""

from __future__ import annotations

import errno
import filecmp
import logging
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from day02_file_organizer.journal import journal_path
from day02_file_organizer.journal_reader import JournalEntry, read_journal
from day02_file_organizer.mover import move_file, partial_path
from day02_file_organizer.organizer import Failure
from day02_file_organizer.rules import Rules, default_rules

logger = logging.getLogger(__name__)


class _Action(Enum):
    RESTORE = "restore"
    DROP_COPY = "drop copy"
    RESTORE_BESIDE = "restore beside"
    NOTHING = "nothing"
    MISSING = "missing"


@dataclass
class UndoSummary:
    """What undo did (or, with dry_run, would do)."""

    restored: list[JournalEntry] = field(default_factory=list)  # moved back: dst -> src
    renamed: list[tuple[Path, Path]] = field(default_factory=list)  # restored under a new name
    removed_folders: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when every file is back."""
        return not self.failed


def _decide(entry: JournalEntry) -> _Action:
    # solution: decide from what is on disk at source and target (the table above)
    src_there = os.path.lexists(entry.source)
    dst_there = os.path.lexists(entry.target)
    if dst_there and not src_there:
        return _Action.RESTORE
    if src_there and not dst_there:
        return _Action.NOTHING
    if src_there and dst_there:
        if not entry.done and _same_content(entry.src, entry.dst):
            return _Action.DROP_COPY
        return _Action.RESTORE_BESIDE
    return _Action.MISSING if entry.done else _Action.NOTHING
    # end solution


def _same_content(first: Path, second: Path) -> bool:
    if os.path.islink(first) or os.path.islink(second):
        return (
            os.path.islink(first)
            and os.path.islink(second)
            and (os.readlink(first) == os.readlink(second))
        )
    return first.is_file() and second.is_file() and filecmp.cmp(first, second, shallow=False)


def _beside(path: Path, rules: Rules) -> Path:
    stem, extension = rules.split(path.name)
    number = 1
    while os.path.lexists(candidate := path.with_name(f"{stem} ({number}){extension}")):
        number += 1
    return candidate


class _Undoer:
    """Carries out decisions, remembering which parent folders are known to exist."""

    def __init__(self, summary: UndoSummary, rules: Rules) -> None:
        self.summary = summary
        self.rules = rules
        self._folders: set[str] = set()

    def carry_out(self, action: _Action, entry: JournalEntry) -> None:
        """Apply one decision (or only record it, on a dry run)."""
        summary = self.summary
        if action is _Action.NOTHING:
            return
        if action is _Action.MISSING:
            reason = f"was moved to {entry.dst}, which no longer exists"
            summary.failed.append(Failure(entry.src, reason))
            return
        if action is _Action.DROP_COPY:
            if not summary.dry_run:
                os.unlink(entry.dst)
            return
        restore = action is _Action.RESTORE
        target = entry.source if restore else str(_beside(entry.src, self.rules))
        if not summary.dry_run:
            parent = os.path.dirname(target)
            if parent not in self._folders:
                os.makedirs(parent, exist_ok=True)  # a source folder removed since
                self._folders.add(parent)
            move_file(entry.target, target, target_checked=True)  # _decide just checked
        if restore:
            summary.restored.append(entry)
        else:
            summary.renamed.append((entry.dst, Path(target)))


def _clean_partial(entry: JournalEntry) -> None:
    """Remove a half-made cross-filesystem copy that a run killed during this move left behind.

    (A killed undo needs no such cleaning: its next run redoes the same copy over the partial.)
    """
    partial = partial_path(entry.dst)
    if os.path.lexists(partial):
        os.unlink(partial)


def _remove_empty_folders(folders: list[Path], summary: UndoSummary) -> None:
    """Remove the folders the runs created, deepest first, if they are empty."""
    for folder in sorted(set(folders), key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                logger.warning("cannot remove folder %s: %s", folder, exc.strerror)
        else:
            summary.removed_folders.append(folder)


def undo(root: str | Path, *, dry_run: bool = False, rules: Rules | None = None) -> UndoSummary:
    """Reverse every run recorded in `root`'s journal, newest move first; then drop the journal.

    The journal is kept if any file could not be restored, so undo can be retried.
    """
    root = Path(os.path.abspath(root))
    rules = rules or default_rules()
    contents = read_journal(root)
    summary = UndoSummary(dry_run=dry_run)
    undoer = _Undoer(summary, rules)
    # solution: undo every move, newest first, recording the ones that fail
    for entry in reversed(contents.moves):
        try:
            if not entry.done and not dry_run:
                _clean_partial(entry)
            undoer.carry_out(_decide(entry), entry)
        except OSError as exc:
            summary.failed.append(Failure(entry.src, f"cannot restore from {entry.dst}: {exc}"))
    # end solution
    if not dry_run:
        _remove_empty_folders(contents.created_dirs, summary)
        if summary.ok:
            journal_path(root).unlink()
    return summary
