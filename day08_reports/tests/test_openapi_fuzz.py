"""Schemathesis over the report routes: valid and invalid filters, documented answers only,
never a 5xx. Requests go to the real app on a seeded SQLite file of the module's own.

One rule OpenAPI cannot state: `from` must not be after `to`. A generated request that
breaks it is schema-valid yet rightly refused, so for those the test asks for the 422
itself instead of schemathesis' "valid data is accepted" check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI

from day08_reports import Settings, create_app
from day08_reports.tests.conftest import seed, sqlite_url
from shared.openapi_fuzz import fuzz_operation, openapi_operations

REPORT_PATHS = [
    path
    for _, path in openapi_operations(
        create_app(Settings(database_url="sqlite://")), prefixes=["/reports/"]
    )
]


def empty_range(query: dict[str, Any]) -> bool:
    """True when the query holds two valid dates and `from` is after `to`."""
    try:
        return dt.date.fromisoformat(query["from"]) > dt.date.fromisoformat(query["to"])
    except (KeyError, TypeError, ValueError):
        return False


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    """The OpenAPI schema of the real app on a seeded SQLite file, loaded over ASGI."""
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"))
    seed(url, tasks=120, items=20)
    app: FastAPI = create_app(Settings(database_url=url))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.engine.dispose()


@pytest.mark.parametrize("path", REPORT_PATHS)
def test_report_route_conforms_to_the_openapi_schema(
    api_schema: schemathesis.BaseSchema, path: str
) -> None:
    """Generated valid and invalid filters get documented answers, never a server error."""

    def check(case: schemathesis.Case) -> None:
        if empty_range(case.query or {}):
            assert case.call().status_code == 422, "from after to is a 422"
        else:
            case.call_and_validate()

    fuzz_operation(api_schema[path]["GET"], max_examples=20, check=check)
