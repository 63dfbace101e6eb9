"""The temporary copy of the repository that README commands run in, and their environment."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RepositoryCopy:
    """A git-initialised copy of the repository's files, reset to pristine for each day."""

    root: Path
    files: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Back to the copied files: no var/, no caches, no stray output (a fresh clone)."""
        self._git("clean", "-ffdxq")  # -ff: also folders a README made into repositories
        self._git("checkout", "-q", "--", ".")

    def strays(self) -> list[str]:
        """Files the commands created outside git-ignored places, or tracked files they changed."""
        created = self._git("ls-files", "--others", "--exclude-standard")
        changed = self._git("diff", "--name-only")  # against the copy's index: the copied files
        return sorted(set(created.splitlines()) | set(changed.splitlines()))

    def _git(self, *args: str) -> str:
        assert (self.root / ".git").is_dir(), f"{self.root} is not the test's git copy"
        result = subprocess.run(
            ["git", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout


def copy_repository(source: Path, target: Path) -> RepositoryCopy:
    """Copy the tracked and the untracked-but-not-ignored files of `source`, as git sees them.

    The copy is a git repository of its own (files added, nothing committed), like a learner's
    clone: `git status` there shows what a README's commands left behind.
    """
    listing = subprocess.run(
        ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    files = sorted({name for name in listing.stdout.decode().split("\0") if name})
    copied = []
    for name in files:
        origin = source / name
        if not origin.is_file() and not origin.is_symlink():
            continue  # deleted in the working tree, not yet in a commit
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            destination.symlink_to(os.readlink(origin))
        else:
            destination.write_bytes(origin.read_bytes())
            destination.chmod(origin.stat().st_mode & 0o777)
        copied.append(name)
    for args in (["init", "-q"], ["add", "--", *copied]):
        subprocess.run(["git", "-C", str(target), *args], capture_output=True, check=True)
    return RepositoryCopy(target, copied)


def learner_environment(root: Path, venv: Path) -> dict[str, str]:
    """The environment a learner's shell has, on the running tests' virtual environment.

    `uv run` in the copy uses `venv` as it is (UV_NO_SYNC): a sync there would re-point the
    workspace member `emailcheck` at the copy. PYTHONPATH puts the copy's packages first (the
    venv's editable install points at the original checkout). The coverage, pytest and attempts
    variables of the running tests are dropped, so a README's commands are not measured or graded.
    A README's `uv run pytest ...` only collects (PYTEST_ADDOPTS): the suite runs the day's tests
    itself, and running them twice would take minutes; collecting still proves the command works.
    """
    dropped = ("COV_CORE_", "COVERAGE_", "PYTEST_", "COURSE_ATTEMPTS")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env.update(
        UV_NO_SYNC="1",
        UV_PROJECT_ENVIRONMENT=str(venv),
        PYTHONPATH=str(root),
        PYTEST_ADDOPTS="--collect-only -q -p no:cacheprovider",
    )
    return env
