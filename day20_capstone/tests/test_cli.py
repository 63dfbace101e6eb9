"""The command line: --help, migrate, create-admin, usage errors, and a real server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from day20_capstone import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    Settings,
    create_app,
    describe,
    is_current,
    main,
)
from shared.testing import live_asgi_server


def test_help_works_without_any_service() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "day20_capstone", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and "create-admin" in run.stdout and "worker" in run.stdout, (
        run.stderr
    )


def test_migrate_brings_a_new_database_to_the_newest_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert main(["migrate", "--database-url", url]) == 0
    assert is_current(url), "every revision applied"
    assert "migrated" in capsys.readouterr().out


def test_create_admin_makes_an_account_that_can_use_admin_routes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'admin.db'}"
    monkeypatch.setenv("DAY20_ADMIN_PASSWORD", "an-admin-passphrase")
    monkeypatch.setenv("DAY20_ARGON2_MEMORY_KIB", "8")
    monkeypatch.setenv("DAY20_ARGON2_PARALLELISM", "1")
    assert main(["create-admin", "root@example.com", "--database-url", url]) == 0
    assert "admin root@example.com created" in capsys.readouterr().out
    assert main(["create-admin", "root@example.com", "--database-url", url]) == 1, (
        "a second one is refused"
    )
    assert "error:" in capsys.readouterr().err


def test_create_admin_refuses_a_weak_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DAY20_ADMIN_PASSWORD", "password123")
    assert (
        main(
            ["create-admin", "root@example.com", "--database-url", f"sqlite:///{tmp_path / 'a.db'}"]
        )
        == 1
    )
    assert "breached" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["create-admin"], ["migrate", "extra"], ["serve", "--port", "70000"], ["--nope"]],
    ids=["admin-without-email", "stray-argument", "bad-port", "unknown-option"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2, f"{argv} is a usage error"


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_an_unreachable_broker_is_one_error_line(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--broker", "redis://127.0.0.1:9/0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach Redis") and len(err.strip().splitlines()) == 1, err


def test_production_settings_refuse_a_missing_secret() -> None:
    with pytest.raises(ValueError, match="DAY20_SECRET_KEY"):
        Settings(day20_environment="production")


def test_a_real_server_serves_the_demo_account_and_health(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'live.db'}",
        day20_files=tmp_path / "files",
        day20_argon2_memory_kib=8,
        day20_argon2_time_cost=1,
        day20_argon2_parallelism=1,
    )
    with live_asgi_server(create_app(settings)) as url, httpx.Client(base_url=url) as http:
        token = http.post("/auth/token", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
        assert token.status_code == 200, "the start-up seeds the demo account"
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert len(http.get("/tasks", headers=headers).json()["items"]) == 3
        assert http.get("/healthz").status_code == 200 and http.get("/readyz").status_code == 200
        assert "http_requests" in http.get("/metrics").text
        assert http.get("/docs").status_code == 200, "the offline Swagger UI"


def test_the_start_up_lines_say_who_sweeps_for_overdue_tasks(tmp_path: Path) -> None:
    """No Redis: a timer of the API process; with Redis: Celery beat (and how to run it)."""
    embedded = Settings(day20_files=tmp_path, day20_sweep_seconds=60)
    assert "overdue sweep: every 60 s, by a timer of this process" in describe(embedded)
    celery = embedded.model_copy(update={"redis_url": "redis://127.0.0.1:6379/0"})
    assert any(
        line.startswith("overdue sweep: every 60 s, by Celery beat") for line in describe(celery)
    )
    off = embedded.model_copy(update={"day20_sweep_seconds": 0})
    assert "overdue sweep: off (DAY20_SWEEP_SECONDS=0)" in describe(off)
