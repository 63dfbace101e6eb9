"""Black-box over HTTP: `python -m day15_api_testing --base-url URL` against live servers.

The same checks, through httpx to a real uvicorn on a loopback port: day 7's server, day
10's cached server (the cache must not change one CRUD answer: this run is what would have
caught day 10's stale-cache bug), and a server with that bug, which must fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from day07_sqlalchemy_orm import Settings, create_app, upgrade
from day15_api_testing.cli import main
from day15_api_testing.tests.broken import VARIANTS
from shared.testing import RedisSlice, live_asgi_server


def sqlite_file(folder: Path) -> str:
    """A migrated SQLite file (day 7's schema) in `folder`."""
    url = f"sqlite:///{folder / 'live.db'}"
    upgrade(url)
    return url


def test_black_box_run_passes_against_the_cached_task_api(
    tmp_path: Path, redis_slice: RedisSlice, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every check passes over HTTP against day 10's server: its cache changes no CRUD answer."""
    from day08_reports import create_schema
    from day10_redis_cache import Settings as CachedSettings
    from day10_redis_cache import create_app as create_cached_app

    url = f"sqlite:///{tmp_path / 'day10.db'}"
    create_schema(url)
    settings = CachedSettings(
        database_url=url, redis_url=redis_slice.url, day10_cache_prefix=redis_slice.prefix
    )
    with live_asgi_server(create_cached_app(settings)) as base_url:
        code = main(["--base-url", base_url])
    out = capsys.readouterr().out
    assert code == 0, f"every criterion passes against day 10's cached server:\n{out}"
    assert "✗" not in out and " criteria pass" in out


def test_black_box_run_passes_against_day7s_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every check passes over HTTP against day 7's server, and prints the checklist."""
    with live_asgi_server(create_app(Settings(database_url=sqlite_file(tmp_path)))) as base_url:
        code = main(["--base-url", base_url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith(f"Checking the task API at {base_url}\n")
    assert "✓ Deleting a task answers 204 with no body" in out, "one line per criterion"


def test_black_box_run_leaves_no_rows_behind(tmp_path: Path) -> None:
    """A black-box run deletes the tasks and projects it created on the live server."""
    import httpx

    app = create_app(Settings(database_url=sqlite_file(tmp_path)))
    with live_asgi_server(app) as base_url:
        assert main(["--base-url", base_url, "-k", "project"]) == 0
        tasks = httpx.get(f"{base_url}/tasks").json()["total"]
        projects = httpx.get(f"{base_url}/projects").json()
    assert (tasks, projects) == (0, []), "the checks clean up what they made on a live server"


def test_black_box_run_fails_on_a_server_with_the_stale_cache_bug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over HTTP, a server whose cached reads miss tag and project writes fails, exit 1."""
    stale = next(variant for variant in VARIANTS if variant.id == "stale-task-reads")
    app: Any = create_app(Settings(database_url=sqlite_file(tmp_path)))
    stale.apply(app)
    with live_asgi_server(app) as base_url:
        code = main(["--base-url", base_url, "-k", "reads_show_every_earlier_write"])
    out = capsys.readouterr().out
    assert code == 1, f"a failing criterion exits 1:\n{out}"
    assert "✗ A read right after any write" in out and "0 of 1 criteria pass" in out
