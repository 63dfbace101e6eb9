"""`python -m day14_packaging publish`: every step from source tree to a working install.

validate-pyproject, build (sdist, then the wheel from it), twine check,
check-wheel-contents, a private index (pypiserver, htpasswd), twine upload, a fresh venv,
pip install from that index alone, import and console script. Each step prints one line;
the first that fails stops the run with a StepError.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from day14_packaging.build import (
    Distributions,
    build_distributions,
    check_wheel_contents,
    twine_check,
    validate_pyproject,
)
from day14_packaging.errors import StepError
from day14_packaging.index import running_index, upload
from day14_packaging.install import create_venv, install_from_index, smoke_test
from day14_packaging.repack import repack_installed

DEPENDENCIES = ("idna",)  # what the library needs at run time: the index must hold it too
SMOKE_ADDRESS = "Alice@BÜCHER.example"


@dataclass(frozen=True)
class Published:
    """What a successful run produced."""

    dists: Distributions
    index_url: str
    version: str


def show(path: Path) -> str:
    """A path relative to the current folder when it is inside it (shorter lines)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def size(path: Path) -> str:
    """A file's size in kB, as the step lines print it."""
    return f"{path.stat().st_size / 1000:.1f} kB"


def check_and_build(project: Path, dist_dir: Path, report: Callable[[str], None]) -> Distributions:
    """The first four steps: everything that needs no server."""
    pyproject = validate_pyproject(project)
    report(f"validate-pyproject  {show(pyproject)} is valid (PEP 517, 621, 639)")
    if dist_dir.exists():
        shutil.rmtree(dist_dir)  # a clean build: no wheel of an older version is uploaded
    dists = build_distributions(project, dist_dir)
    built = ", ".join(f"{p.name} ({size(p)})" for p in dists.files)
    report(f"build               {built} in {show(dist_dir)}")
    twine_check(dists)
    report("twine check         metadata valid, README renders (--strict): PASSED")
    check_wheel_contents(dists)
    report(f"check-wheel-contents  {dists.wheel.name}: OK")
    return dists


def publish(project: Path, workdir: Path, report: Callable[[str], None]) -> Published:
    """Run every step in `workdir` (dist/, packages/, venv/, htpasswd, pypiserver.log)."""
    workdir.mkdir(parents=True, exist_ok=True)
    dists = check_and_build(project, workdir / "dist", report)
    with running_index(workdir) as index:
        report(
            f"index               pypiserver on {index.url} (uploads need the htpasswd "
            f"account; packages in {show(index.packages)})"
        )
        new = unpublished(dists.files, index.packages)
        if new:
            upload(index, new)
        kept = [p.name for p in dists.files if p not in new]
        uploaded = ", ".join(p.name for p in new) or "nothing new"
        if kept:
            uploaded += f"; already on the index, byte for byte: {', '.join(kept)}"
        report(f"upload              twine upload as {index.username!r}: {uploaded}")
        # A dependency is mirrored, not uploaded: pypiserver serves whatever packages/ holds.
        mirrored = [repack_installed(name, index.packages) for name in DEPENDENCIES]
        report(f"mirror              {', '.join(p.name for p in mirrored)} (repacked from this "
               "environment: nothing may be downloaded)")  # fmt: skip
        python = create_venv(workdir / "venv")
        venv = show(workdir / "venv")
        report(f"venv                {venv} (python -m venv: pip, setuptools, nothing else)")
        name, version = dists.wheel.name.split("-")[:2]  # the wheel file name's first fields
        pip_output = install_from_index(python, index.simple_url, f"{name}=={version}")
        report(f"install             pip install {name}=={version} from {index.simple_url}"
               f" and nothing else: {_installed(pip_output)}")  # fmt: skip
        smoke = smoke_test(python, SMOKE_ADDRESS)
    if not Path(smoke.location).resolve().is_relative_to((workdir / "venv").resolve()):
        raise StepError("import", f"emailcheck was imported from {smoke.location}, not the venv")
    report(f"smoke test          import emailcheck -> {smoke.version} from the venv; "
           f"emailcheck {SMOKE_ADDRESS!r} -> {smoke.console_output!r}")  # fmt: skip
    return Published(dists=dists, index_url=index.url, version=smoke.version)


def unpublished(files: list[Path], packages: Path) -> list[Path]:
    """The files the index does not hold yet; a release it holds must not have changed.

    An index never replaces a release (PyPI refuses, and so does pypiserver): the same
    version built again is accepted only because the build is reproducible.
    """
    new: list[Path] = []
    for path in files:
        published = packages / path.name
        if not published.exists():
            new.append(path)
        elif published.read_bytes() != path.read_bytes():
            raise StepError(
                "upload",
                f"{path.name} is already on the index with different contents",
                hint="a release never changes: bump the version in pyproject.toml, or start "
                f"a new index with rm -r {show(packages)}",
            )
    return new


def _installed(pip_output: str) -> str:
    """pip's `Successfully installed a-1 b-2` line, shortened to `a-1 b-2`."""
    for line in pip_output.splitlines():
        if line.startswith("Successfully installed"):
            return line.removeprefix("Successfully installed").strip()
    return "done"
