"""The migration and the models agree (internal: it reads the metadata)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from day07_sqlalchemy_orm import create_engine_from_url
from day20_capstone import Base, upgrade


@pytest.mark.internal
def test_the_migration_creates_exactly_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'schema.db'}"
    upgrade(url)
    engine = create_engine_from_url(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    diff = [
        d for d in diff if not (d[0] == "remove_table" and d[1].name.endswith("alembic_version"))
    ]
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
