"""Settings and engines: DATABASE_URL picks the database; SQLite files go under ./var."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import text

from day07_sqlalchemy_orm import Settings, SettingsDep, create_engine_from_url
from day07_sqlalchemy_orm.tests.conftest import AppFactory


def test_default_database_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings().database_url == "sqlite:///var/day07.db"


def test_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://me@127.0.0.1:5432/tasks")
    monkeypatch.setenv("DAY07_MIGRATE_ON_STARTUP", "true")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://me@127.0.0.1:5432/tasks"
    assert settings.day07_migrate_on_startup is True


def test_sqlite_engine_creates_the_var_folder_and_enables_foreign_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    engine = create_engine_from_url("sqlite:///var/day07.db")
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
    finally:
        engine.dispose()
    assert (tmp_path / "var" / "day07.db").is_file(), "the ./var folder is created on demand"


def test_in_memory_sqlite_needs_no_folder() -> None:
    engine = create_engine_from_url("sqlite://")
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT 1")) == 1
    finally:
        engine.dispose()


def test_routes_can_read_the_settings(make_app: AppFactory, database_url: str) -> None:
    router = APIRouter()

    @router.get("/which-database")
    def which_database(settings: SettingsDep) -> str:
        return settings.database_url

    with TestClient(make_app(router)) as client:
        assert client.get("/which-database").json() == database_url
