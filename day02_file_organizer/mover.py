"""Moving one file without ever overwriting or losing anything.

On one filesystem a move is a rename: atomic, and the data never moves. Across filesystems
(`EXDEV`) it becomes copy to a hidden partial name beside the target, compare the bytes, rename
the copy into place, and only then delete the original: at every instant one complete copy
exists under a name the journal knows.
"""

from __future__ import annotations

import errno
import filecmp
import os
import shutil
from pathlib import Path

PARTIAL_SUFFIX = ".organize-partial"


def partial_path(target: Path) -> Path:
    """Where a cross-filesystem copy is assembled before it takes the target's name."""
    return target.with_name(f".{target.name}{PARTIAL_SUFFIX}")


def _refuse_existing(target: str | Path) -> None:
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "the target already exists", str(target))


def move_file(src: str | Path, dst: str | Path, *, target_checked: bool = False) -> None:
    """Move a file or symlink to `dst`, which must not exist (FileExistsError otherwise).

    `target_checked` skips the existence check when the caller has just made it.
    """
    # solution: refuse an existing target, rename, and copy-verify-delete across filesystems (EXDEV)
    if not target_checked:
        _refuse_existing(dst)
    try:
        os.rename(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _copy_verify_delete(src, dst)
    # end solution


def _copy_verify_delete(src: str | Path, dst: str | Path) -> None:
    """The cross-filesystem move: the original is deleted only once a verified copy is in place."""
    partial = partial_path(Path(dst))
    try:
        if os.path.islink(src):
            os.symlink(os.readlink(src), partial)
        else:
            shutil.copy2(src, partial)
            if not filecmp.cmp(src, partial, shallow=False):
                raise OSError(errno.EIO, "the copy differs from the original", str(src))
        _refuse_existing(dst)
        os.rename(partial, dst)
    except BaseException:
        if os.path.lexists(partial):
            os.unlink(partial)
        raise
    os.unlink(src)
