"""Schemathesis over /openapi.json: generated valid and invalid requests, never a 5xx.

One test per operation (ids like `POST /uploads`), on the in-process app with a SQLite file
and an upload folder of the module's own; uploads the fuzzer gets accepted are processed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis.checks import positive_data_acceptance

from day13_background_tasks import create_app
from day13_background_tasks.tests.helpers import local_settings
from shared.openapi_fuzz import fuzz_operation, openapi_operations

OPERATIONS = openapi_operations(create_app(local_settings(Path("/nonexistent"))))


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    """The real app's schema, loaded over ASGI, its lifespan running (runner, tables)."""
    app: FastAPI = create_app(local_settings(tmp_path_factory.mktemp("fuzz")))
    with TestClient(app):  # runs the lifespan: tables, upload folder, the runner
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_openapi_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    """Generated valid and invalid requests get documented answers, never a server error."""
    # A schema-valid upload can still be refused: any bytes are a "binary string" to JSON
    # Schema, while the API takes only text (415) and not an empty file (422).
    excluded = [positive_data_acceptance] if method == "POST" else []
    fuzz_operation(api_schema[path][method], max_examples=20, excluded_checks=excluded)
