"""The OpenAPI schema documents every status, and schemathesis finds no 5xx and no mismatch."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
import schemathesis.checks
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

EXPECTED = {
    ("/activities", "post"): {"201", "400", "413", "422", "503"},
    ("/activities", "get"): {"200", "422", "503"},
    ("/activities/stats", "get"): {"200", "422", "503"},
    ("/users/{user_id}/activities", "delete"): {"200", "422", "503"},
}


def test_every_route_documents_its_statuses_as_problem_json(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    found = {
        (path, method): set(op["responses"])
        for path, ops in paths.items()
        for method, op in ops.items()
    }
    assert found == EXPECTED
    for (path, method), codes in EXPECTED.items():
        for code in codes - {"200", "201"}:
            content = paths[path][method]["responses"][code]["content"]
            assert list(content) == ["application/problem+json"], f"{method} {path} {code}"


# `schemathesis.pytest.from_fixture` (the lazy loader that would take the `app` fixture) fails
# on pytest 9 (it sets `Function._nodeid`, which pytest 9 no longer has), so each operation's
# Hypothesis strategy is driven from an ordinary test that gets the app from its fixture.
@pytest.mark.parametrize(("path", "method"), sorted(EXPECTED))
def test_schemathesis_finds_no_server_error_or_schema_mismatch(
    app: FastAPI, path: str, method: str
) -> None:
    api = schemathesis.openapi.from_asgi("/openapi.json", app)  # starts the app's lifespan
    operation = api[path][method.upper()]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=20,
        deadline=None,
        derandomize=True,  # the same examples every run, so a failure reproduces
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Any) -> None:
        # Every default check (no 5xx; statuses, media types and bodies as documented) except
        # "schema-valid data is accepted": a cursor must be one the API issued and `since` must
        # not be after `until`, rules JSON Schema cannot state, so such requests get a
        # documented 422.
        case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])

    check()
