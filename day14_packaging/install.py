"""Install the published library into a brand-new venv, from the local index alone, and use it.

This is the test a release must pass: not "it works in my environment" but "a stranger's
empty environment, which can reach only the index, can install it, import it and run it".
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from day14_packaging.commands import run_tool
from day14_packaging.errors import StepError


@dataclass(frozen=True)
class SmokeTest:
    """What the installed library said about itself."""

    version: str
    location: str
    console_output: str


def isolated_env() -> dict[str, str]:
    """An environment that leaks nothing of this one into pip or the venv's Python."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    extra = {"PYTHONNOUSERSITE": "1", "PYTHONUTF8": "1", "PIP_CONFIG_FILE": os.devnull}
    return env | extra | {"NO_COLOR": "1"}


def venv_python(venv: Path) -> Path:
    """The venv's interpreter (bin/ on POSIX, Scripts/ on Windows)."""
    scripts = "Scripts" if sys.platform == "win32" else "bin"
    return venv / scripts / ("python.exe" if sys.platform == "win32" else "python")


def create_venv(venv: Path) -> Path:
    """`python -m venv`: a new environment with pip and nothing else; returns its Python."""
    if venv.exists():
        shutil.rmtree(venv)
    run_tool("venv", [sys.executable, "-m", "venv", venv], env=isolated_env())
    return venv_python(venv)


def install_from_index(python: Path, index_url: str, requirement: str) -> str:
    """pip install `requirement` with the local index as the only index; return pip's output."""
    # solution: pip install with --index-url INDEX (no other index) and --isolated (no pip config)
    args: list[str | Path] = [
        python,
        "-m",
        "pip",
        "install",
        "--isolated",
        "--no-cache-dir",
        "--no-input",
    ]
    args += ["--disable-pip-version-check", "--index-url", index_url, requirement]
    return run_tool("install", args, env=isolated_env())
    # end solution


def smoke_test(python: Path, address: str) -> SmokeTest:
    """Import the installed library and run its console script on one address."""
    code = "import emailcheck; print(emailcheck.__version__); print(emailcheck.__file__)"
    lines = run_tool("import", [python, "-c", code], env=isolated_env()).splitlines()
    if len(lines) < 2:
        raise StepError("import", f"expected a version and a path, got {lines}")
    script = python.parent / ("emailcheck.exe" if sys.platform == "win32" else "emailcheck")
    output = run_tool("console script", [script, address], env=isolated_env())
    return SmokeTest(version=lines[0], location=lines[1], console_output=output.strip())
