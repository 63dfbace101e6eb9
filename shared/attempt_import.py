"""Make `import dayNN_slug` load a learner's attempt instead of the reference.

An attempts folder holds packages named like the days (`attempts/day07_sqlalchemy_orm/`). The
finder sends the import of each such name to the attempt, and every other day to the reference.
Only `dayNN_slug.tests` stays with the reference: the rubric is the course's, not the learner's.

Standard library only: besides the pytest plugin (`shared.attempts`), the `sitecustomize` in
`shared/attempt_site/` loads this file by path in every Python subprocess a test starts, so
`python -m dayNN_slug` and servers started by tests run the attempt too.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

ENV_VAR = "COURSE_ATTEMPTS"
DAY_PACKAGE = re.compile(r"^day\d\d_[a-z0-9_]+$")
REFERENCE_ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = Path(__file__).resolve().parent / "attempt_site"


def attempt_packages(folder: Path) -> dict[str, Path]:
    """The day packages in an attempts folder: {package name: its folder}."""
    if not folder.is_dir():
        return {}
    return {
        path.name: path
        for path in sorted(folder.iterdir())
        if DAY_PACKAGE.match(path.name) and (path / "__init__.py").is_file()
    }


def attempt_libraries(packages: dict[str, Path]) -> dict[str, Path]:
    """Libraries that attempted days ship in a src layout (day 14: `emailcheck/src/emailcheck`).

    The workspace installs the reference's copy; an attempt's own copy must win instead.
    """
    return {
        init.parent.name: init.parent
        for folder in packages.values()
        for init in sorted(folder.glob("*/src/*/__init__.py"))
    }


class AttemptFinder(importlib.abc.MetaPathFinder):
    """Finds attempted day packages in the attempts folder, and their tests in the reference."""

    def __init__(self, attempts: dict[str, Path], reference_root: Path = REFERENCE_ROOT) -> None:
        self.attempts = attempts
        self.libraries = attempt_libraries(attempts)
        self.reference_root = reference_root

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Return the attempt's spec for `dayNN_slug`, the reference's for `dayNN_slug.tests`."""
        top, _, rest = fullname.partition(".")
        if top in self.libraries and not rest:
            return _package_spec(fullname, self.libraries[top])
        if top not in self.attempts:
            return None
        if not rest:
            return _package_spec(fullname, self.attempts[top])
        if rest == "tests":
            return _package_spec(fullname, self.reference_root / top / "tests")
        return None  # every other submodule is found through the attempt's __path__


def _package_spec(name: str, folder: Path) -> importlib.machinery.ModuleSpec | None:
    return importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )


def install(folder: Path) -> AttemptFinder:
    """Put the finder first on `sys.meta_path` (once) for the attempts in `folder`."""
    for finder in sys.meta_path:
        if isinstance(finder, AttemptFinder):
            sys.meta_path.remove(finder)
    finder = AttemptFinder(attempt_packages(folder))
    sys.meta_path.insert(0, finder)
    return finder


def export_to_subprocesses(folder: Path) -> None:
    """Set the environment so every Python subprocess started from here sees the attempts."""
    os.environ[ENV_VAR] = str(folder.resolve())
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(SITE_DIR) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(SITE_DIR), *paths])
