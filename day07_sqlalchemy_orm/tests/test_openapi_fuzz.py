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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from day07_sqlalchemy_orm import Settings, create_app, upgrade
from day07_sqlalchemy_orm.tests.helpers import sqlite_url

OPERATIONS = [
    (method.upper(), path)
    for path, methods in create_app(Settings(database_url="sqlite://")).openapi()["paths"].items()
    for method in methods
]


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
    operation = api_schema[path][method]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate()

    check()
