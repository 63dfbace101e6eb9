"""Writing a day's starter: the reference package with every solution region stubbed out."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from course.regions import Region, package_regions, stub_regions

_SKIP = shutil.ignore_patterns("tests", "__pycache__", "*.pyc", "var")


def write_starter(
    package_dir: Path, destination: Path, *, only: Iterable[Region] | None = None
) -> list[Region]:
    """Copy the package to `destination` (no tests), stubbing `only` those regions or all of them.

    Returns the regions that were stubbed. `destination` must not exist yet.
    """
    regions = package_regions(package_dir)
    chosen = regions if only is None else list(only)
    shutil.copytree(package_dir, destination, ignore=_SKIP)
    by_file: dict[Path, list[Region]] = {}
    for region in chosen:
        by_file.setdefault(region.path, []).append(region)
    for path, file_regions in by_file.items():
        target = destination / path.relative_to(package_dir)
        text = path.read_text(encoding="utf-8")
        target.write_text(stub_regions(text, file_regions), encoding="utf-8")
    return chosen
