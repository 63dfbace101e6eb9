"""Solution regions: the parts of a day's reference code that a learner writes.

A region is a block of statements inside a function, between two comments at its indentation:

    # solution: <what to write>
    ...reference code...
    # end solution

A starter keeps everything else and replaces each region with
`raise NotImplementedError("<what to write>")`, so the starter imports, `--help` works, and
the day's rubric says what is left to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

START = re.compile(r"^(?P<indent>[ \t]*)# solution:\s*(?P<what>\S.*?)\s*$")
END = re.compile(r"^(?P<indent>[ \t]*)# end solution\s*$")


class RegionError(ValueError):
    """A file's solution markers do not pair up."""


@dataclass(frozen=True)
class Region:
    """One solution region: where it is and what the learner writes there."""

    path: Path
    start: int  # 1-based line of `# solution:`
    end: int  # 1-based line of `# end solution`
    indent: str
    what: str

    @property
    def label(self) -> str:
        """`file.py:12` for messages and reports."""
        return f"{self.path.name}:{self.start}"


def find_regions(path: Path, text: str | None = None) -> list[Region]:
    """Every region in one source file, in order; RegionError when the markers do not pair."""
    lines = (text if text is not None else path.read_text(encoding="utf-8")).splitlines()
    regions: list[Region] = []
    open_at: tuple[int, str, str] | None = None
    for number, line in enumerate(lines, start=1):
        start, end = START.match(line), END.match(line)
        if start:
            if open_at is not None:
                raise RegionError(f"{path}:{number}: a region opens inside the one at {open_at[0]}")
            open_at = (number, start["indent"], start["what"])
        elif end:
            if open_at is None:
                raise RegionError(f"{path}:{number}: `# end solution` without `# solution:`")
            if end["indent"] != open_at[1]:
                raise RegionError(f"{path}:{number}: indentation differs from line {open_at[0]}")
            regions.append(Region(path, open_at[0], number, open_at[1], open_at[2]))
            open_at = None
    if open_at is not None:
        raise RegionError(f"{path}:{open_at[0]}: region is never closed by `# end solution`")
    return regions


def stub_regions(text: str, regions: Iterable[Region]) -> str:
    """The file's text with each given region replaced by `raise NotImplementedError(...)`."""
    lines = text.splitlines(keepends=True)
    for region in sorted(regions, key=lambda r: r.start, reverse=True):
        stub = f"{region.indent}raise NotImplementedError({region.what!r})\n"
        lines[region.start - 1 : region.end] = [stub]
    return "".join(lines)


def source_files(package_dir: Path) -> list[Path]:
    """A day package's Python files, without its tests and caches."""
    return sorted(
        path
        for path in package_dir.rglob("*.py")
        if not {"tests", "__pycache__"} & set(path.relative_to(package_dir).parts)
    )


def package_regions(package_dir: Path) -> list[Region]:
    """Every region of a day package, file by file."""
    return [region for path in source_files(package_dir) for region in find_regions(path)]
