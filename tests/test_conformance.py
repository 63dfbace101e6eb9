"""DESIGN.md section 6: every dayNN_* folder has the shape graders and later days rely on.

Each check is parametrised by the day's package name, so the plugin marks it with that day's
marker and `pytest -k dayNN` / `nox -s dayNN` grade the day's conformance with the day.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAYS = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and re.match(r"day\d\d_\w+$", p.name))
LESSON_HEADINGS = ["What you will learn", "Run it", "How it works", "Try it", "Exercises"]
STDLIB_ONLY_DAYS = {"day01", "day02", "day06", "day19"}
# The parts of shared/ that import only the standard library (the rest needs a day's extras).
STDLIB_SHARED = {
    "shared",
    "shared.cli",
    "shared.logs",
    "shared.problems",
    "shared.services",
    "shared.serving",  # uvicorn and werkzeug are imported inside serve_asgi/serve_wsgi only
}

pytestmark = pytest.mark.skipif(not DAYS, reason="no day packages yet")


def package_folder(package: str) -> Path:
    """Where the package is imported from: the reference, or a learner's attempt being graded."""
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin, f"{package} cannot be imported"
    return Path(spec.origin).parent


def source_files(package: str) -> list[Path]:
    """The package's code, without its tests."""
    folder = package_folder(package)
    return [p for p in folder.rglob("*.py") if "tests" not in p.relative_to(folder).parts]


def imported_modules(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names imported from it) for every absolute import in a file."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


@pytest.mark.internal  # the reference's own shape: an attempt has no tests/ of its own
@pytest.mark.parametrize("package", DAYS)
def test_package_has_init_main_readme_and_tests(package: str) -> None:
    folder = ROOT / package
    for required in ("__init__.py", "__main__.py", "README.md"):
        assert (folder / required).is_file(), f"{package}/{required} is missing (DESIGN.md §2)"
    tests = list((folder / "tests").glob("test_*.py"))
    assert tests, f"{package}/tests/ has no test_*.py files"
    assert (folder / "tests" / "__init__.py").is_file(), f"{package}/tests/__init__.py is missing"


@pytest.mark.internal  # the reference's lesson text
@pytest.mark.parametrize("package", DAYS)
def test_readme_is_a_lesson_with_the_five_headings(package: str) -> None:
    text = (ROOT / package / "README.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    missing = [h for h in LESSON_HEADINGS if h not in headings]
    assert not missing, f"{package}/README.md lacks the lesson headings {missing}"


@pytest.mark.parametrize("package", DAYS)
def test_init_has_docstring_and_complete_all(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__doc__ and module.__doc__.strip(), f"{package}/__init__.py needs a docstring"
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{package} must list its public names in __all__"
    missing = [name for name in exported if not hasattr(module, name)]
    assert not missing, f"{package}.__all__ names {missing}, which the package does not define"
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    unlisted = sorted(public - set(exported))
    assert not unlisted, f"{package} exposes {unlisted} without listing them in __all__"


@pytest.mark.parametrize("package", DAYS)
def test_help_exits_zero_without_services(package: str) -> None:
    env = {**os.environ, "DATABASE_URL": "", "REDIS_URL": "", "AMQP_URL": "", "MONGODB_URL": ""}
    env = {k: v for k, v in env.items() if v}
    result = subprocess.run(
        [sys.executable, "-m", package, "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"python -m {package} --help failed:\n{result.stderr}"
    assert "usage:" in result.stdout.lower(), "--help should print argparse usage"


@pytest.mark.internal  # the workspace's wiring, not a learner's package
@pytest.mark.parametrize("package", DAYS)
def test_nox_session_and_extra_exist(package: str) -> None:
    day = package[:5]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert day in extras, f"pyproject.toml has no `{day}` extra"
    nox = pytest.importorskip("nox")
    sys.path.insert(0, str(ROOT))
    try:
        noxfile = importlib.import_module("noxfile")
    finally:
        sys.path.remove(str(ROOT))
    assert day in nox.registry.get(), f"noxfile.py defines no `{day}` session"
    assert package in noxfile.DAYS


@pytest.mark.parametrize("package", DAYS)
def test_imports_follow_the_dependency_rules(package: str) -> None:
    number = int(package[3:5])
    for path in source_files(package):
        for module, names in imported_modules(path):
            top = module.split(".")[0]
            match = re.match(r"day(\d\d)_", top)
            where = f"{package}/{path.relative_to(package_folder(package))} imports {module}"
            if match and top != package:
                assert int(match.group(1)) < number, f"{where}: only earlier days may be imported"
                assert module == top, f"{where}: import from the package, not its modules"
                exported = importlib.import_module(top).__all__
                private = [n for n in names if n not in exported]
                assert not private, f"{where}: {private} are not in {top}.__all__"
            if package[:5] in STDLIB_ONLY_DAYS and top not in (package, "__future__"):
                allowed = top in sys.stdlib_module_names or module in STDLIB_SHARED
                assert allowed, f"{where}: day {number} uses the standard library only"


def test_shared_imports_no_day() -> None:
    for path in (ROOT / "shared").rglob("*.py"):
        days = [m for m, _ in imported_modules(path) if re.match(r"day\d\d_", m)]
        assert not days, f"{path.relative_to(ROOT)} imports {days}; shared/ imports no day"


def collected_ids() -> list[str]:
    """Every node id the workspace collects (one subprocess, no coverage)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--no-cov"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"collecting the workspace failed:\n{result.stdout[-3000:]}"
    return [line for line in result.stdout.splitlines() if "::" in line]


def belongs_to(node_id: str, package: str) -> bool:
    return node_id.startswith(package + "/") or f"[{package}]" in node_id


def test_keyword_selects_exactly_one_day() -> None:
    """`pytest -k dayNN` must select day NN's tests and nothing else, for every day.

    `-k` is a case-insensitive substring match over a test's names, its folders and its
    markers. The plugin gives the `dayNN` marker only to day NN's tests, so a stray can only
    come from a name or folder: checking the collected node ids checks the selection.
    """
    ids = collected_ids()
    for package in DAYS:
        day = package[:5]
        mine = [i for i in ids if belongs_to(i, package)]
        assert mine, f"pytest -k {day} would select no tests"
        strays = [i for i in ids if day in i.lower() and not belongs_to(i, package)]
        assert not strays, f"pytest -k {day} would also select {strays[:5]}"
