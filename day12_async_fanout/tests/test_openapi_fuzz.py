"""Schemathesis over /openapi.json: documented answers that match the schema, never a 5xx.

The stand-ins answer every city and coin, so every schema-valid request has a source that
answers (a 200); invalid ones must be 422 problems. The event-loop lag check is left out
here alone: Hypothesis keeps the test's own thread busy generating requests, and the app's
loop then waits for its turn at the GIL, which says nothing about the app.
"""

from __future__ import annotations

import pytest
import schemathesis

from day12_async_fanout import create_app
from day12_async_fanout.tests.conftest import settings_for
from day12_async_fanout.tests.helpers import FakeUpstreams
from shared.openapi_fuzz import fuzz_operation

OPERATIONS = [("GET", "/overview"), ("GET", "/upstreams")]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_openapi_schema(
    fake: FakeUpstreams, method: str, path: str
) -> None:
    """Generated valid and invalid requests get documented answers, never a server error."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings_for(fake)))
    fuzz_operation(schema[path][method], max_examples=30)
