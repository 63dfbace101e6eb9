"""The plugin's isolation: a SAVEPOINT per test by default, two slower modes to compare, and
one database per pytest-xdist worker."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from day07_sqlalchemy_orm import READ_ONLY, Task
from day15_api_testing import Api
from day15_api_testing.plugin import ISOLATION_ENV, isolation_mode

ROOT = Path(__file__).resolve().parents[2]


def stored_tasks(engine: Engine) -> int:
    """Tasks visible to a new connection (committed ones); it only reads, so it never waits
    for the test's open write transaction (day 7's SQLite hooks)."""
    with engine.connect() as connection:
        connection.execution_options(**READ_ONLY)
        return connection.scalar(select(func.count()).select_from(Task)) or 0


def test_a_tests_rows_never_reach_the_database(task_api: Api, database_engine: Engine) -> None:
    """What a test writes lives in its transaction: the API sees it, other connections don't."""
    task_api.create_task()
    assert task_api.get("/tasks").json()["total"] >= 1
    assert stored_tasks(database_engine) == 0, "a savepoint test commits nothing for real"


@pytest.fixture
def isolation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Set DAY15_ISOLATION for this test (before the app's fixtures read it)."""
    monkeypatch.setenv(ISOLATION_ENV, request.param)
    yield request.param


@pytest.mark.parametrize("isolation", ["recreate", "delete"], indirect=True)
def test_slower_isolation_modes_commit_and_leave_nothing(
    isolation: str, task_api: Api, database_engine: Engine
) -> None:
    """recreate and delete commit for real (others see it); the next test starts empty anyway."""
    task_api.create_task()
    assert stored_tasks(database_engine) == 1, f"{isolation} mode commits for real"


def test_rows_of_the_slower_modes_are_gone_afterwards(database_engine: Engine) -> None:
    assert stored_tasks(database_engine) == 0, "recreate and delete leave no row behind"


def test_unknown_isolation_mode_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ISOLATION_ENV, "truncate")
    with pytest.raises(pytest.UsageError, match="DAY15_ISOLATION must be one of"):
        isolation_mode()


def test_each_xdist_worker_gets_databases_of_its_own(tmp_path: Path) -> None:
    """Under pytest-xdist (-n 2) the two workers write to different databases."""
    probe = Path(__file__).with_name("parallel_probe.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    env["DAY15_PROBE_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "pytest", str(probe), "-n", "2", "-q", "-p", "xdist"]
    command += ["-p", "no:cacheprovider", "--no-cov", "-o", "addopts=--import-mode=importlib"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    urls = {path.name: path.read_text() for path in tmp_path.iterdir()}
    workers = {name.split("-")[0] for name in urls}
    assert workers == {"gw0", "gw1"}, f"both workers ran probes: {sorted(urls)}"
    for backend in ("sqlite", "postgresql+psycopg"):
        per_worker = {n.split("-")[0]: u for n, u in urls.items() if n.endswith(backend)}
        assert len(set(per_worker.values())) == len(per_worker) == 2, (
            f"each worker has a {backend} database of its own: {per_worker}"
        )
