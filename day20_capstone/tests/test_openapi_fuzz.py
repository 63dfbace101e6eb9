"""Schemathesis over /openapi.json, logged in: valid and invalid requests, never a 5xx.

One test per operation (ids like `PATCH /tasks/{task_id}`). Each case is sent with a real
bearer token, so the fuzzer reaches the routes' logic, not only the 401; schemathesis's
`ignored_auth` check also sends it without the token and expects 401. Routes that end a
session (log out, change password, delete the account) get a fresh account per case.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from day20_capstone import create_app
from day20_capstone.tests.helpers import Account, sign_up, test_settings
from shared.openapi_fuzz import fuzz_operation, openapi_operations

OPERATIONS = openapi_operations(create_app(test_settings(Path("/nonexistent"))))
DESTRUCTIVE = {("POST", "/auth/logout"), ("POST", "/users/me/password"), ("DELETE", "/users/me")}
# Schema-valid input the rules refuse: an email day 14 rejects, a weak password, a CSV file
# that is not UTF-8, an If-Match of another version, a cursor this list never gave out.
REFUSES_SOME_VALID = {
    ("POST", "/auth/register"),
    ("POST", "/jobs/import"),
    ("PATCH", "/users/me"),
    ("POST", "/users/me/password"),
    ("PATCH", "/tasks/{task_id}"),
    ("GET", "/tasks"),
    ("POST", "/tasks"),
}


@pytest.fixture(scope="module")
def fuzzed(
    tmp_path_factory: pytest.TempPathFactory, migrated_file: Path
) -> Iterator[tuple[schemathesis.BaseSchema, TestClient, Account]]:
    """The app's schema over ASGI, a client of the same app, and a logged-in account."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copy(migrated_file, folder / "day20.db")  # quicker than migrating again
    settings = test_settings(folder, day20_login_per_client=10_000)
    app = create_app(settings)
    with TestClient(app) as client:
        yield schemathesis.openapi.from_asgi("/openapi.json", app), client, sign_up(client, "fuzz")


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_openapi_schema(
    fuzzed: tuple[schemathesis.BaseSchema, TestClient, Account], method: str, path: str
) -> None:
    """Generated requests with a valid token get documented answers, never a server error."""
    schema, client, account = fuzzed
    excluded: list[Any] = [positive_data_acceptance] if (method, path) in REFUSES_SOME_VALID else []
    if (method, path) == ("POST", "/jobs/import"):
        excluded.append(negative_data_rejection)  # extra form fields are ignored, like any server

    def check(case: Any) -> None:
        who = sign_up(client, "fuzz") if (method, path) in DESTRUCTIVE else account
        case.call_and_validate(headers=who.headers, excluded_checks=excluded)

    fuzz_operation(schema[path][method], max_examples=5, check=check)
