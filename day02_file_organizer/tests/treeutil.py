"""Test helpers: a fingerprint of a whole folder tree, and sample trees with awkward names."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ODD_NAMES = [
    "holiday photo.JPG",
    "-starts-with-dash.txt",
    "--help",
    "caf\u00e9 men\u00fc.png",
    "\u65e5\u672c\u8a9e.pdf",
    "README",
    "data.2024.final.CSV",
    "backup.TAR.GZ",
    "trailing-dot.",
    "song.mp3",
    "clip.Mp4",
    "script.py",
]


def tree_digest(root: Path) -> dict[str, str]:
    """Every path under root (files, folders, symlinks) mapped to a hash of what it holds."""
    digest: dict[str, str] = {}
    for current, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(current) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                digest[key] = "link:" + os.readlink(path)
            elif path.is_dir():
                digest[key] = "dir"
            else:
                digest[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def make_files(root: Path, names: list[str]) -> None:
    """Create each named file (subfolders included) holding its own name, so contents differ."""
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode("utf-8", "surrogateescape"))
