"""The suite catches bugs: each deliberately broken variant of day 7's API fails a check.

The variants (tests/broken.py) each break one rule of the reference. A check "catches" one
when it fails with a CheckFailure; a check that cannot run (NotImplementedError, a crash)
catches nothing. SQLite only: the bugs live in Python, not in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from day15_api_testing.tests.broken import VARIANTS, Variant
from day15_api_testing.tests.helpers import cases_named, describe, failures, run_on


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite file for this module (overrides the kit's two backends)."""
    return f"sqlite:///{Path(tmp_path_factory.mktemp('variants')) / 'day15.db'}"


@pytest.fixture(scope="module")
def task_database_url(database_url: str) -> str:
    """That file, migrated."""
    from day07_sqlalchemy_orm import upgrade

    upgrade(database_url)
    return database_url


@pytest.fixture(scope="module")
def database_engine(database_url: str, make_engine: Callable[[str], Engine]) -> Iterator[Engine]:
    """Its engine (module-scoped like the database)."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("variant", VARIANTS, ids=[variant.id for variant in VARIANTS])
def test_suite_catches_the_broken_variant(task_app: object, variant: Variant) -> None:
    """The checks written for a bug fail (with a CheckFailure) on an API that has it."""
    variant.apply(task_app)  # type: ignore[arg-type]
    results = run_on(task_app, cases_named(variant.caught_by), stop_on_failure=True)
    assert failures(results), (
        f"an API where {variant.bug} must fail one of {list(variant.caught_by)}; "
        f"got: {describe(results)}"
    )
