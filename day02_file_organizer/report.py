"""Turning plans and summaries into the text the CLI prints."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from day02_file_organizer.organizer import Failure, Summary
from day02_file_organizer.planner import Plan, Skipped
from day02_file_organizer.undoer import UndoSummary

SHOWN = 10  # problems listed one by one before "... and N more" (all with --verbose)
COMMAND = "uv run python -m day02_file_organizer"  # as the README runs it


def files(n: int) -> str:
    """`1 file`, `12 files`."""
    return f"{n} file" if n == 1 else f"{n} files"


def undo_hint(root: Path) -> str:
    """The command that undoes a run, ready to paste (the folder quoted for the shell)."""
    return f"undo with: {COMMAND} undo {shlex.quote(str(root))}"


def show_path(path: Path, root: Path) -> str:
    """A path relative to the organised folder when it is inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def render_plan(plan: Plan) -> str:
    """One `source -> target` line per planned move."""
    lines = [f"{show_path(m.src, plan.root)} -> {show_path(m.dst, plan.root)}" for m in plan.moves]
    return "\n".join(lines) if lines else "nothing to move"


def _listing(
    title: str, items: Sequence[Skipped | Failure], root: Path, *, everything: bool
) -> list[str]:
    if not items:
        return []
    lines = [f"{title} {len(items)}:"]
    shown = items if everything else items[:SHOWN]
    lines += [f"  {show_path(item.path, root)}: {item.reason}" for item in shown]
    if len(shown) < len(items):
        lines.append(f"  ... and {len(items) - len(shown)} more (--verbose lists them all)")
    return lines


def render_summary(summary: Summary, root: Path, *, everything: bool = False) -> str:
    """Moved per folder, then skipped and failed files."""
    verb = "would move" if summary.dry_run else "moved"
    lines = [f"{verb} {files(summary.total_moved)}"]
    width = max((len(folder) for folder in summary.moved), default=0)
    for folder, count in sorted(summary.moved.items()):
        lines.append(f"  {folder:<{width}}  {count:>7}")
    lines += _listing("skipped", summary.skipped, root, everything=everything)
    lines += _listing("failed", summary.failed, root, everything=everything)
    if not summary.dry_run and summary.total_moved:
        lines.append(undo_hint(root))
    return "\n".join(lines)


def render_undo(summary: UndoSummary, root: Path, *, everything: bool = False) -> str:
    """What undo restored, renamed, removed and could not restore."""
    verb = "would restore" if summary.dry_run else "restored"
    lines = [f"{verb} {files(len(summary.restored))}"]
    if summary.dry_run:
        lines += [
            f"  {show_path(e.dst, root)} -> {show_path(e.src, root)}" for e in summary.restored
        ]
    if summary.renamed:
        lines.append(
            f"{files(len(summary.renamed))} put back under a new name (the old one is taken):"
        )
        lines += [f"  {show_path(a, root)} -> {show_path(b, root)}" for a, b in summary.renamed]
    if summary.removed_folders:
        count = len(summary.removed_folders)
        lines.append(f"removed {count} empty folder{'' if count == 1 else 's'}")
    lines += _listing("failed", summary.failed, root, everything=everything)
    return "\n".join(lines)
