"""Carrying out a plan: journal each move, then make it; report what moved, what was skipped.

A file that vanished since the plan was made is skipped; one that cannot be moved is reported as
a failure and the run goes on with the next file.
"""

from __future__ import annotations

import errno
import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from day02_file_organizer.journal import JournalWriter
from day02_file_organizer.mover import move_file
from day02_file_organizer.planner import Move, OrganizeOptions, Plan, Skipped, plan_moves
from day02_file_organizer.progress import Progress

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be moved (or restored), and the reason."""

    path: Path
    reason: str


@dataclass
class Summary:
    """What a run did (or, with dry_run, would do)."""

    moved: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total_moved(self) -> int:
        """Files moved over all folders."""
        return sum(self.moved.values())

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed


class _FolderMaker:
    """Creates destination folders on first use, journaling each one it creates."""

    def __init__(self, journal: JournalWriter) -> None:
        self._journal = journal
        self._ready: set[str] = set()
        self._broken: dict[str, OSError] = {}

    def ensure(self, folder: str) -> None:
        if folder in self._ready:
            return
        if folder in self._broken:
            raise self._broken[folder]
        try:
            self._create(Path(folder))
        except OSError as exc:
            self._broken[folder] = exc
            raise
        self._ready.add(folder)

    def _create(self, folder: Path) -> None:
        missing: list[Path] = []
        existing = folder
        while not os.path.lexists(existing):
            missing.append(existing)
            existing = existing.parent
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "a file is in the way", str(existing))
        for path in reversed(missing):
            self._journal.mkdir(path)
            os.mkdir(path)


def _free_target(move: Move, plan: Plan) -> str:
    """The planned target, or a fresh ` (n)` name if something took it since planning."""
    if not os.path.lexists(move.target):
        return move.target
    target = move.dst
    number = 0
    stem, extension = plan.rules.split(target.name)
    while os.path.lexists(target):
        number += 1
        target = target.with_name(f"{stem} ({number}){extension}")
    return str(target)


def apply_plan(plan: Plan, *, fsync: bool = False, progress: TextIO | None = None) -> Summary:
    """Make the plan's moves, journaled so `undo` can reverse them; never overwrites a file."""
    summary = Summary(skipped=list(plan.skipped))
    bar = Progress(progress, len(plan.moves))
    debug = logger.isEnabledFor(logging.DEBUG)
    with JournalWriter(plan.root, fsync=fsync) as journal:
        journal.start(root=plan.root, dest=plan.dest)
        folders = _FolderMaker(journal)
        # solution: per move: make its folder, journal the intent, move the file, journal it done
        for index, move in enumerate(plan.moves, start=1):
            try:
                folders.ensure(move.target[: move.target.rindex(os.sep)])
                target = _free_target(move, plan)
                number = journal.intent(move.source, target)
                move_file(move.source, target, target_checked=True)
            except OSError as exc:
                _record_problem(summary, move, exc)
            else:
                journal.done(number)
                summary.moved[move.folder] += 1
                if debug:
                    logger.debug("moved %s -> %s", move.source, target)
            bar.update(index)
        # end solution
        journal.end(moved=summary.total_moved, failed=len(summary.failed))
    bar.close()
    return summary


def _record_problem(summary: Summary, move: Move, exc: OSError) -> None:
    if isinstance(exc, FileNotFoundError) and not os.path.lexists(move.source):
        summary.skipped.append(Skipped(move.src, "vanished before it could be moved"))
        return
    where = f" ({exc.filename})" if exc.filename and exc.filename != move.source else ""
    reason = f"cannot move to {move.dst}: {exc.strerror or exc}{where}"
    summary.failed.append(Failure(move.src, reason))
    logger.warning("%s: %s", move.src, reason)


def dry_run_summary(plan: Plan) -> Summary:
    """The summary the plan would produce, with nothing moved."""
    return Summary(Counter(m.folder for m in plan.moves), list(plan.skipped), [], dry_run=True)


def organize(
    root: str | Path,
    options: OrganizeOptions | None = None,
    *,
    dry_run: bool = False,
    progress: TextIO | None = None,
) -> Summary:
    """Plan and (unless dry_run) carry out the organisation of `root`."""
    options = options or OrganizeOptions()
    plan = plan_moves(root, options)
    if dry_run:
        return dry_run_summary(plan)
    return apply_plan(plan, fsync=options.fsync, progress=progress)
