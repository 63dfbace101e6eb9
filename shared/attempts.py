"""Grading a learner's own work: `pytest --attempts DIR` runs each day's tests on DIR/dayNN_slug.

Registered for every test by the root `conftest.py`, beside `shared.testing`. With an attempts
folder (the option, or COURSE_ATTEMPTS), `import dayNN_slug` loads the attempt for every day
present there and the reference for every other day, in this process and in its subprocesses.
Tests marked `internal` check the reference's own internals and are left out for attempted days.

Every test also carries its rubric line: the criterion (its docstring's first sentence, or its
name in words), its day and whether it is internal, as JUnit properties for graders' tools.
The plugin also fits the coverage report to the days that ran (DESIGN.md section 5).
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import sys
import types
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import pytest

from shared.attempt_import import (
    ENV_VAR,
    REFERENCE_ROOT,
    attempt_packages,
    export_to_subprocesses,
    install,
)
from shared.testing import day_of

SELECTED_PACKAGES_FILE = REFERENCE_ROOT / "var" / "coverage-packages.json"
_ATTEMPTS = pytest.StashKey[dict[str, Path]]()
_BROKEN = pytest.StashKey[dict[str, str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--attempts DIR`: grade the day packages in DIR instead of the reference."""
    parser.addoption(
        "--attempts",
        metavar="DIR",
        default=os.environ.get(ENV_VAR) or None,
        help=f"grade the dayNN_* packages in DIR (a learner's attempts); env: {ENV_VAR}",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Load the attempts before any conftest.py: the days' conftests import their packages."""
    folder = early_config.known_args_namespace.attempts
    attempts: dict[str, Path] = {}
    broken: dict[str, str] = {}
    if folder:
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise pytest.UsageError(f"--attempts {folder}: no such folder")
        install(path)
        export_to_subprocesses(path)
        attempts = attempt_packages(path)
        for package in attempts:
            reason = _load_attempt(package)
            if reason:
                broken[package] = reason
    early_config.stash[_ATTEMPTS] = attempts
    early_config.stash[_BROKEN] = broken


def _load_attempt(package: str) -> str | None:
    """Import an attempt and its day's conftest files; return why that failed, or None.

    A conftest that cannot import from the attempt is replaced by an empty module, so pytest
    carries on and every test of the day fails with the reason instead of the run stopping.
    """
    sys.modules.pop(package, None)
    try:
        importlib.import_module(package)
    except Exception as exc:  # a learner's package may fail in any way: report it
        return f"attempt {package} does not import ({type(exc).__name__}: {exc})"
    for conftest in sorted((REFERENCE_ROOT / package / "tests").rglob("conftest.py")):
        name = ".".join(conftest.relative_to(REFERENCE_ROOT).with_suffix("").parts)
        try:
            importlib.import_module(name)
        except Exception as exc:
            stub = types.ModuleType(name)
            stub.__file__ = str(conftest)
            sys.modules[name] = stub
            return _missing_reason(package, f"{type(exc).__name__}: {exc}")
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Register the `internal` marker."""
    config.addinivalue_line(
        "markers",
        "internal: checks an internal detail of the reference (a private module or format); "
        "deselected when a learner's attempt is graded",
    )
    _fit_coverage_to_collect_only(config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which days are graded from attempts, so a run never hides it."""
    attempts = config.stash.get(_ATTEMPTS, {})
    if not attempts:
        return []
    names = ", ".join(attempts)
    return [f"attempts: {names} (from {config.getoption('attempts')})"]


# --- rubric lines ------------------------------------------------------------------------------


def criterion(item: pytest.Item) -> str:
    """The rubric line a test stands for: its docstring's first sentence, or its name in words."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    if doc:
        first = re.split(r"(?<=[.!?])\s", " ".join(doc.split()), maxsplit=1)[0]
        text = first.rstrip(".")
    else:
        name = getattr(item, "originalname", None) or item.name.split("[")[0]
        words = name.removeprefix("test_").replace("_", " ")
        text = words[:1].upper() + words[1:]
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.id:
        text += f" [{callspec.id}]"
    return text


def is_internal(item: pytest.Item) -> bool:
    """True for a test marked `internal`."""
    return item.get_closest_marker("internal") is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Record rubric properties; drop internal tests of attempted days; fit coverage to days."""
    attempts = config.stash.get(_ATTEMPTS, {})
    attempted_days = {name[:5] for name in attempts}
    kept: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        day = day_of(item)
        internal = is_internal(item)
        if internal and day in attempted_days:
            deselected.append(item)
            continue
        item.user_properties += [
            ("criterion", criterion(item)),
            ("day", day or ""),
            ("internal", "true" if internal else "false"),
        ]
        kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
    _fit_coverage_to_days(config, items)


@pytest.fixture(autouse=True)
def _attempt_must_import(request: pytest.FixtureRequest) -> None:
    """A day whose attempt does not import fails each of its tests with that one reason."""
    broken = request.config.stash.get(_BROKEN, {})
    day = day_of(request.node)
    for package, reason in broken.items():
        if package[:5] == day:
            pytest.fail(reason, pytrace=False)


# --- an attempt missing a public name: one readable line per test ------------------------------


class MissingInAttempt(pytest.Item):
    """Stands for a test whose module could not import from the learner's attempt."""

    def __init__(self, *, reason: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def runtest(self) -> None:
        """Fail with the reason (the test itself could not even be imported)."""
        raise MissingInAttemptError(self.reason)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """One line: what the attempt lacks, and where to read about it."""
        return self.reason

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the real test lives."""
        return self.path, 0, self.name


class MissingInAttemptError(Exception):
    """The attempt lacks a name or module that the day's tests import."""


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """Turn an attempt's ImportError in a test module (or a tests folder's conftest.py) into one
    failing item per rubric test, each saying what the attempt lacks."""
    report = yield
    attempts = collector.config.stash.get(_ATTEMPTS, {})
    if report.passed or not attempts or not _is_import_problem(report):
        return report
    day = day_of(cast(pytest.Item, collector))  # day_of reads only the path of a node
    package = next((name for name in attempts if name[:5] == day), None)
    if package is None or not isinstance(collector, pytest.Module | pytest.Directory):
        return report
    broken = collector.config.stash.get(_BROKEN, {})
    reason = broken.get(package) or _missing_reason(package, str(report.longrepr))
    if isinstance(collector, pytest.Module):
        names = rubric_test_names(collector.path)
    else:
        names = [
            f"{path.relative_to(collector.path)}::{name}"
            for path in sorted(collector.path.rglob("test_*.py"))
            for name in rubric_test_names(path)
        ]
    items: list[pytest.Item | pytest.Collector] = [
        MissingInAttempt.from_parent(collector, name=name, reason=reason) for name in names
    ]
    return pytest.CollectReport(collector.nodeid, "passed", None, items)


def _is_import_problem(report: pytest.CollectReport) -> bool:
    text = str(report.longrepr)
    return "ImportError" in text or "ModuleNotFoundError" in text or "AttributeError" in text


def _missing_reason(package: str, longrepr: str) -> str:
    name = re.search(r"cannot import name '([^']+)' from '([^']+)'", longrepr)
    if name:
        module = name.group(2)
        where = "__init__.py" if module == package else module.removeprefix(package + ".") + ".py"
        return (
            f"attempt {package} has no `{name.group(1)}` in `{where}` "
            f"— see {package}/README.md, 'How it works'"
        )
    module = re.search(r"No module named '([^']+)'", longrepr)
    if module:
        return (
            f"attempt {package} has no module `{module.group(1)}` "
            f"— see {package}/README.md, 'How it works'"
        )
    last = [line for line in longrepr.splitlines() if line.strip()][-1:] or ["import failed"]
    return f"attempt {package}: {last[0].strip().lstrip('E ').strip()}"


def rubric_test_names(path: Path) -> list[str]:
    """Names of a module's test functions and methods that are not marked internal (by AST)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if any(_marks_internal(node) for node in tree.body if isinstance(node, ast.Assign)):
        return []
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.name.startswith("test") and not _decorated_internal(node):
                names.append(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            if _decorated_internal(node):
                continue
            names += [
                f"{node.name}::{member.name}"
                for member in node.body
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef)
                and member.name.startswith("test")
                and not _decorated_internal(member)
            ]
    return [name.replace("::", ".") for name in names]


def _marks_internal(node: ast.Assign) -> bool:
    targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
    return "pytestmark" in targets and "internal" in ast.unparse(node.value)


def _decorated_internal(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    return any("mark.internal" in ast.unparse(d) for d in node.decorator_list)


# --- coverage of the days that ran ---------------------------------------------------------------


def _coverage_plugin(config: pytest.Config) -> Any:
    plugin = config.pluginmanager.getplugin("_cov")
    return plugin if plugin is not None and getattr(plugin, "cov_controller", None) else None


def _fit_coverage_to_collect_only(config: pytest.Config) -> None:
    """No coverage table for `--collect-only`: nothing ran."""
    plugin = _coverage_plugin(config)
    if plugin is not None and config.option.collectonly:
        plugin.options.cov_report = {}


def selected_packages(items: list[pytest.Item]) -> list[str]:
    """The course packages whose tests are in this run: each day that ran, and shared/."""
    packages = {"shared"} if any(day_of(item) is None for item in items) else set()
    days = {day_of(item) for item in items} - {None}
    for path in REFERENCE_ROOT.iterdir():
        if path.is_dir() and path.name[:5] in days and re.match(r"day\d\d_", path.name):
            packages.add(path.name)
    return sorted(packages)


def _fit_coverage_to_days(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Report coverage of the packages whose tests run, and record them for the gate."""
    plugin = _coverage_plugin(config)
    if plugin is None or config.option.collectonly:
        return
    packages = selected_packages(items)
    include = [f"{REFERENCE_ROOT / name}/*" for name in packages]
    controller = plugin.cov_controller
    # pytest-cov reports from the object that combines the data (a second Coverage object).
    for cov in (getattr(controller, "cov", None), getattr(controller, "combining_cov", None)):
        if cov is not None:
            cov.config.report_include = include
    SELECTED_PACKAGES_FILE.parent.mkdir(exist_ok=True)
    SELECTED_PACKAGES_FILE.write_text(json.dumps(packages) + "\n", encoding="utf-8")
