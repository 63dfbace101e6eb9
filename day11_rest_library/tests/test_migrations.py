"""The tables come from the Alembic migration, which matches the models exactly."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from day07_sqlalchemy_orm import create_engine_from_url
from day11_rest_library import LIBRARY, Base, downgrade, is_current, upgrade


def test_upgrade_creates_the_tables_and_downgrade_removes_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'day11.db'}"
    upgrade(url)
    assert is_current(url)
    engine = create_engine_from_url(url)
    try:
        assert {"authors", "books", "loans"} <= set(inspect(engine).get_table_names())
        downgrade(url)
        assert not {"authors", "books", "loans"} & set(inspect(engine).get_table_names())
        assert not is_current(url)
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    """Alembic finds no difference between the migrated database and the models."""
    engine = create_engine_from_url(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "include_name": lambda name, kind, parent: (
                        name != LIBRARY.version_table
                        and (kind != "table" or name in Base.metadata.tables)
                    )
                },
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], f"a model changed without a migration: {differences}"
