"""Schemathesis over the cached app's /openapi.json: documented answers only, never a 5xx,
with the cache in the loop (hits replay exactly what the routes answered).

One check is left out: "schema-valid data is accepted". Day 8's reports answer 422 when
`from` is after `to`, a rule between two parameters that OpenAPI cannot express, so a
schema-valid request can rightly be refused. Every other check applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import schemathesis
from fastapi import FastAPI
from schemathesis.checks import positive_data_acceptance

from day08_reports import create_schema
from day10_redis_cache import Settings, create_app
from shared.openapi_fuzz import fuzz_operation, openapi_operations
from shared.testing import require_service, unique_name

OPERATIONS = openapi_operations(
    create_app(Settings(database_url="sqlite://")), prefixes=["/tasks", "/reports"]
)


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    """The schema of the real app on its own SQLite file and Redis prefix, over ASGI."""
    redis_url = require_service("redis")
    prefix = unique_name("course_test") + ":"
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'fuzz.db'}"
    create_schema(url)
    app: FastAPI = create_app(
        Settings(database_url=url, redis_url=redis_url, day10_cache_prefix=prefix)
    )
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.engine.dispose()
    app.state.cache.close()
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_openapi_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    """Generated valid and invalid requests get documented answers, never a server error."""
    operation = api_schema[path][method]
    fuzz_operation(operation, max_examples=10, excluded_checks=[positive_data_acceptance])
