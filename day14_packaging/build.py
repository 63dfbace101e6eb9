"""Build the library's sdist and wheel and check them the way an index and its users would.

`python -m build` builds the sdist first and then the wheel *from the sdist*, so a file
missing from the sdist breaks the build here instead of on a user's machine. `--no-isolation`
uses the build backend (hatchling) already installed, so nothing is downloaded.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from day14_packaging.commands import run_tool
from day14_packaging.errors import ProjectError, StepError

LIBRARY_PROJECT = Path(__file__).resolve().parent / "emailcheck"
# The date stamped on every file inside the archives. Fixed, so that two builds of the same
# source are byte for byte the same (reproducible-builds.org); a release would use the
# time of its last commit. SOURCE_DATE_EPOCH in the environment wins.
DEFAULT_SOURCE_DATE_EPOCH = 1735689600  # 2025-01-01T00:00:00Z
_BUILT = re.compile(r"Successfully built (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Distributions:
    """The two files a release consists of."""

    sdist: Path
    wheel: Path

    @property
    def files(self) -> list[Path]:
        """Both files, sdist first (the order twine uploads them in)."""
        return [self.sdist, self.wheel]


def tool_env(**extra: str) -> dict[str, str]:
    """The environment for the tools: this one, no colours, no network for validate-pyproject."""
    return {**os.environ, "NO_COLOR": "1", "VALIDATE_PYPROJECT_NO_NETWORK": "1", **extra}


def pyproject_of(project: Path) -> Path:
    """The project's pyproject.toml, or ProjectError when there is none."""
    pyproject = project / "pyproject.toml"
    if not pyproject.is_file():
        raise ProjectError(f"{project} has no pyproject.toml", hint="pass the library's folder")
    return pyproject


def validate_pyproject(project: Path) -> Path:
    """Check pyproject.toml against the PEP 517/621/639 schemas (and the classifier list)."""
    pyproject = pyproject_of(project)
    args: list[str | Path] = [sys.executable, "-m", "validate_pyproject", pyproject]
    run_tool("validate-pyproject", args, env=tool_env())
    return pyproject


def build_distributions(project: Path, outdir: Path) -> Distributions:
    """Build the sdist, then the wheel from it, into `outdir`, reproducibly."""
    pyproject_of(project)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", str(DEFAULT_SOURCE_DATE_EPOCH))
    # solution: run `python -m build --no-isolation --outdir OUTDIR PROJECT` with SOURCE_DATE_EPOCH
    args: list[str | Path] = [
        sys.executable,
        "-m",
        "build",
        "--no-isolation",
        "--outdir",
        outdir,
        project,
    ]
    output = run_tool("build", args, env=tool_env(SOURCE_DATE_EPOCH=epoch))
    # end solution
    return _built_files(output, outdir)


def _built_files(output: str, outdir: Path) -> Distributions:
    """The files named by build's `Successfully built X and Y` line."""
    match = _BUILT.search(output)
    names = match.group(1).replace(" and ", " ").replace(",", " ").split() if match else []
    sdists = [outdir / n for n in names if n.endswith(".tar.gz")]
    wheels = [outdir / n for n in names if n.endswith(".whl")]
    if len(sdists) != 1 or len(wheels) != 1:
        raise StepError("build", f"expected one sdist and one wheel, got {names or 'nothing'}")
    return Distributions(sdist=sdists[0], wheel=wheels[0])


def twine_check(dists: Distributions) -> None:
    """`twine check --strict`: the metadata is valid and the README renders on an index page."""
    args: list[str | Path] = [sys.executable, "-m", "twine", "check", "--strict", *dists.files]
    run_tool("twine check", args, env=tool_env())


def check_wheel_contents(dists: Distributions) -> None:
    """check-wheel-contents: no bytecode, no stray top-level modules, nothing duplicated."""
    args: list[str | Path] = [sys.executable, "-m", "check_wheel_contents", dists.wheel]
    run_tool("check-wheel-contents", args, env=tool_env())
