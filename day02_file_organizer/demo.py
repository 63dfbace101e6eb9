"""`python -m day02_file_organizer` with no arguments: organise a sample folder, then undo it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from day02_file_organizer.organizer import organize
from day02_file_organizer.report import COMMAND, render_summary, render_undo
from day02_file_organizer.undoer import undo

SAMPLE_FILES = {
    "holiday photo.JPG": b"\xff\xd8\xff not really a jpeg",
    "report.pdf": b"%PDF-1.7 sample",
    "song.mp3": b"ID3 sample",
    "clip.mp4": b"sample video",
    "backup.tar.gz": b"\x1f\x8b sample",
    "script.py": b"print('hello')\n",
    "notes.txt": b"shopping list\n",
    "Notes.TXT": b"another list\n",
    "README": b"no extension\n",
    "-starts-with-dash.md": b"# odd name\n",
    "caf\u00e9 men\u00fc.png": b"unicode name",
    "data.2024.final.csv": b"a,b\n1,2\n",
    ".hidden": b"left alone\n",
}


def make_sample_tree(folder: Path) -> list[Path]:
    """Fill `folder` with files of every kind the demo shows off; returns their paths."""
    paths = []
    for name, content in SAMPLE_FILES.items():
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def _tree(folder: Path) -> str:
    lines = []
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        depth = len(Path(current).relative_to(folder).parts)
        if depth:
            lines.append("  " * (depth - 1) + Path(current).name + "/")
        lines += ["  " * depth + name for name in sorted(files)]
    return "\n".join(lines)


def run_demo(write: Callable[[str], None]) -> int:
    """Organise a temporary sample folder, show the result, undo it; returns the exit code."""
    with tempfile.TemporaryDirectory(prefix="organize-demo-") as tmp:
        folder = Path(tmp)
        make_sample_tree(folder)
        write(f"demo folder: {folder}\n\nbefore:\n{_tree(folder)}\n")
        summary = organize(folder)
        write(f"after `{COMMAND} {folder}`:\n{_tree(folder)}\n")
        write(render_summary(summary, folder) + "\n")
        undone = undo(folder)
        write(f"after `undo`:\n{_tree(folder)}\n{render_undo(undone, folder)}")
        return 0 if summary.ok and undone.ok else 1
