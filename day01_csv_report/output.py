"""Writing the report atomically: a temporary file beside the target, then one rename.

A reader of `--output` sees the old file or the whole new one, never half a report; on any
error the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from day01_csv_report.errors import OutputError


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0o666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file and `os.replace`.

    The folder is created when it does not exist yet (`-o var/report.html` on a fresh clone).
    """
    target = Path(path)
    # solution: write to a temporary file beside the target, fsync it, then os.replace it
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        hint = "check that its folder can be created and written to"
        raise OutputError(f"cannot write {target}: {exc.strerror}", hint=hint) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror}") from exc
        raise
    # end solution
