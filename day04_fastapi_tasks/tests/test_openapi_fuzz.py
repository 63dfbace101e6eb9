"""Schemathesis over /openapi.json: no 5xx, and every response matches the published schema.

It generates valid and invalid requests from the schema and runs its default checks on each
answer: no server error, only documented status codes and content types, bodies and headers
that match the schema, invalid input rejected, valid input accepted. The app is built inside
each test (never at import), so a module that cannot build one fails its own tests only.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI

from shared.openapi_fuzz import fuzz_operation

OPERATIONS = [
    ("POST", "/tasks"),
    ("GET", "/tasks"),
    ("GET", "/tasks/{task_id}"),
    ("PATCH", "/tasks/{task_id}"),
    ("DELETE", "/tasks/{task_id}"),
]


@pytest.mark.parametrize(
    ("method", "path"), OPERATIONS, ids=[f"{method} {path}" for method, path in OPERATIONS]
)
def test_api_conforms_to_its_openapi_schema(app: FastAPI, method: str, path: str) -> None:
    """Generated requests get documented answers that match the schema, never a 5xx."""
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    fuzz_operation(api[path][method], max_examples=30)
