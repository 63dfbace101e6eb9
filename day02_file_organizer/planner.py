"""Deciding where every file goes, before anything moves: the plan is what `--dry-run` prints.

The plan already resolves name collisions (`photo.jpg` -> `photo (1).jpg`) against the files in
each destination folder and against the other planned moves, so two sources never share a target.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from day02_file_organizer.errors import FolderError
from day02_file_organizer.journal import JOURNAL_NAME
from day02_file_organizer.rules import Rules, default_rules

By = Literal["extension", "category", "date"]
BY_CHOICES: tuple[By, ...] = ("category", "extension", "date")
_DATE_FOLDER = re.compile(r"\d{4}-\d{2}$")


@dataclass(frozen=True)
class OrganizeOptions:
    """How to organise: where to, by what, and which files to consider."""

    dest: Path | None = None
    rules: Rules = field(default_factory=default_rules)
    by: By = "category"
    recursive: bool = False
    include_hidden: bool = False
    include_symlinks: bool = False
    fsync: bool = False


@dataclass(frozen=True, slots=True)
class Move:
    """One planned move: `folder` is the category, extension or month it is filed under.

    The paths are kept as strings (building 100,000 Path objects costs more than the renames);
    `src` and `dst` give them as Paths.
    """

    source: str
    target: str
    folder: str

    @property
    def src(self) -> Path:
        """Where the file is."""
        return Path(self.source)

    @property
    def dst(self) -> Path:
        """Where it goes."""
        return Path(self.target)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file left where it is, and why."""

    path: Path
    reason: str


@dataclass
class Plan:
    """Every move of a run, in order, and the files deliberately left alone."""

    root: Path
    dest: Path
    rules: Rules
    moves: list[Move]
    skipped: list[Skipped]


def free_name(name: str, taken: set[str], rules: Rules) -> str:
    """`name`, or `stem (1).ext`, `stem (2).ext`... whichever is not in `taken`."""
    # solution: return name, or the first `stem (n).ext` not in taken
    if name not in taken:
        return name
    stem, extension = rules.split(name)
    number = 1
    while f"{stem} ({number}){extension}" in taken:
        number += 1
    return f"{stem} ({number}){extension}"
    # end solution


def _folder_for(entry: os.DirEntry[str], options: OrganizeOptions) -> str:
    if options.by == "category":
        return options.rules.category_of(entry.name)
    if options.by == "extension":
        return options.rules.extension_folder(entry.name)
    mtime = entry.stat(follow_symlinks=False).st_mtime
    return datetime.fromtimestamp(mtime).strftime("%Y-%m")


def _resolve_folders(root: Path, dest: Path | None) -> tuple[Path, Path]:
    """Absolute, normalised root and destination, checked to be usable folders."""
    root = Path(os.path.abspath(root))
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise FolderError(f"{root} {what}", hint="give the folder to organise")
    target = Path(os.path.abspath(dest)) if dest is not None else root
    if target.exists() and not target.is_dir():
        raise FolderError(f"destination {target} is not a folder", hint="choose another --dest")
    return root, target


@dataclass
class _Candidate:
    entry: os.DirEntry[str]
    folder: str
    label: str | None  # the folder directly under dest that holds it, when dest == root


def _candidate(
    entry: os.DirEntry[str], options: OrganizeOptions, label: str | None, skipped: list[Skipped]
) -> Iterator[_Candidate]:
    try:
        folder = _folder_for(entry, options)
    except OSError as exc:  # only --by date reads the disk here: the file vanished
        skipped.append(Skipped(Path(entry.path), f"cannot read: {exc.strerror}"))
    else:
        yield _Candidate(entry, folder, label)


def _scan(
    root: Path, dest: Path, options: OrganizeOptions, skipped: list[Skipped]
) -> Iterator[_Candidate]:
    """Walk the tree (depth-first, sorted) yielding the files to move; record what is skipped."""
    stack: list[tuple[str, str | None]] = [(str(root), None)]
    while stack:
        directory, label = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(Path(directory), f"cannot list folder: {exc.strerror}"))
            continue
        subfolders: list[tuple[str, str | None]] = []
        for entry in entries:
            if directory == str(root) and entry.name == JOURNAL_NAME:
                continue
            if entry.name.startswith(".") and not options.include_hidden:
                skipped.append(Skipped(Path(entry.path), "hidden (use --include-hidden)"))
            elif entry.is_symlink():
                if options.include_symlinks:
                    yield from _candidate(entry, options, label, skipped)
                else:
                    skipped.append(Skipped(Path(entry.path), "symlink (use --include-symlinks)"))
            elif entry.is_dir():
                if options.recursive and entry.path != str(dest):
                    inner = entry.name if directory == str(root) and root == dest else label
                    subfolders.append((entry.path, inner))
            elif entry.is_file():
                yield from _candidate(entry, options, label, skipped)
            else:
                skipped.append(Skipped(Path(entry.path), "not a regular file"))
        stack.extend(reversed(subfolders))


def _destination_folders(candidates: list[_Candidate], options: OrganizeOptions) -> set[str]:
    """Folders directly under dest that this run files into: their contents stay put."""
    used = {c.folder for c in candidates}
    if options.by == "category":
        used |= options.rules.folder_names
    if options.by == "date":
        used |= {c.label for c in candidates if c.label and _DATE_FOLDER.match(c.label)}
    return used


def plan_moves(root: str | Path, options: OrganizeOptions | None = None) -> Plan:
    """Decide where every file under `root` goes; nothing on disk changes."""
    options = options or OrganizeOptions()
    root, dest = _resolve_folders(Path(root), options.dest)
    skipped: list[Skipped] = []
    candidates = list(_scan(root, dest, options, skipped))
    # solution: give each candidate a free target in its folder (existing files, earlier moves)
    keep_out = _destination_folders(candidates, options)
    taken: dict[str, tuple[str, set[str]]] = {}  # folder -> (its path + "/", names in it)
    moves: list[Move] = []
    for candidate in candidates:
        if candidate.label is not None and candidate.label in keep_out:
            continue
        folder = candidate.folder
        known = taken.get(folder)
        if known is None:
            prefix = os.path.join(dest, folder)
            known = taken[folder] = (prefix + os.sep, _existing_names(prefix))
        prefix, names = known
        name = free_name(candidate.entry.name, names, options.rules)
        names.add(name)
        moves.append(Move(candidate.entry.path, prefix + name, folder))
    # end solution
    return Plan(root, dest, options.rules, moves, skipped)


def _existing_names(folder: str) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:  # not there yet (or in the way: the move will report it)
        return set()
