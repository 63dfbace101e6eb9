"""Alembic: upgrade from empty, downgrade to empty, and the migrated schema equals the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from day07_sqlalchemy_orm import (
    Base,
    create_engine_from_url,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)
from day07_sqlalchemy_orm.tests.helpers import sqlite_url

TABLES = {"alembic_version", "projects", "tags", "task_tags", "tasks"}


def table_names(url: str) -> set[str]:
    """The tables in the database at `url`."""
    engine = create_engine_from_url(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(database_engine: Engine) -> None:
    with database_engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"models and migrations disagree; write a migration for: {diff}"


def test_upgrade_from_empty_and_downgrade_to_empty(database_url: str) -> None:
    """Runs on the session's database of each backend and leaves it migrated again."""
    try:
        downgrade(database_url)
        assert table_names(database_url) <= {"alembic_version"}, "downgrade leaves no tables"
        assert current_revision(database_url) is None
        upgrade(database_url)
        assert table_names(database_url) == TABLES
        assert current_revision(database_url) == head_revision()
    finally:
        upgrade(database_url)


def test_upgrade_twice_changes_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    assert current_revision(url) is None, "a new database has never been migrated"
    upgrade(url)
    upgrade(url)
    assert current_revision(url) == head_revision() == "0001"
