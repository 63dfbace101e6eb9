"""Schemathesis over /openapi.json: no 5xx, and every response matches the published schema.

It generates valid and invalid requests from the schema and runs its default checks on each
answer: no server error, only documented status codes and content types, bodies and headers
that match the schema, invalid input rejected, valid input accepted.
"""

from __future__ import annotations

import schemathesis
from hypothesis import settings

from day04_fastapi_tasks import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
# A few dozen cases per operation keep this to seconds; `database=None` leaves no .hypothesis/
# folder behind; `deadline=None` because the first call of an app is slower than the rest.
@settings(max_examples=30, deadline=None, database=None)
def test_api_conforms_to_its_openapi_schema(case: schemathesis.Case) -> None:
    """Generated requests get documented answers that match the schema, never a 5xx."""
    case.call_and_validate()
