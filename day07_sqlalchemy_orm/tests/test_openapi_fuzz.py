"""Schemathesis over /openapi.json on a SQLite file: documented answers only, never a 5xx.

Valid (positive) and invalid (negative) requests are mixed; the checks include "no 5xx",
"status code documented" and "response matches its schema".

One test per operation (ids like `POST /projects`). The operations are listed from the
schema of an app that never connects; the requests go to the real app (real sessions and
commits) on a migrated SQLite file of the module's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI

from day07_sqlalchemy_orm import Settings, create_app, upgrade
from day07_sqlalchemy_orm.tests.helpers import sqlite_url
from shared.openapi_fuzz import fuzz_operation, openapi_operations

OPERATIONS = openapi_operations(create_app(Settings(database_url="sqlite://")))


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    """The OpenAPI schema of the real app on its own migrated SQLite file, loaded over ASGI."""
    url = sqlite_url(Path(tmp_path_factory.mktemp("fuzz")))
    upgrade(url)
    app: FastAPI = create_app(Settings(database_url=url))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.engine.dispose()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_openapi_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    """Generated valid and invalid requests get documented answers, never a server error."""
    fuzz_operation(api_schema[path][method], max_examples=25)
