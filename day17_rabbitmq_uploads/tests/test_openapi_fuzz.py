"""Schemathesis over the producer's /openapi.json: `POST /uploads`, the operation that now
publishes to RabbitMQ, gets documented answers to generated requests, never a 5xx. (Day 13's
own fuzz tests cover the operations this day takes over unchanged.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.checks import positive_data_acceptance

from day17_rabbitmq_uploads import Settings, create_app
from shared.openapi_fuzz import fuzz_operation


@pytest.fixture
def api_schema(settings: Settings) -> Iterator[schemathesis.BaseSchema]:
    """The real app's schema, loaded over ASGI, its lifespan running (publisher connected)."""
    app = create_app(settings)
    with TestClient(app):
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_upload_operation_conforms_to_the_openapi_schema(
    api_schema: schemathesis.BaseSchema,
) -> None:
    """Generated valid and invalid uploads get documented answers, never a server error."""
    # Any bytes are a "binary string" to JSON Schema; the API takes only text files (415).
    fuzz_operation(
        api_schema["/uploads"]["POST"], max_examples=10, excluded_checks=[positive_data_acceptance]
    )


def test_schema_names_the_producer(tmp_path: Path, settings: Settings) -> None:
    """The OpenAPI document says what this API is (not day 13's in-process title)."""
    schema = create_app(settings).openapi()
    assert schema["info"]["title"] == "Uploads processed by RabbitMQ consumers"
    assert "/uploads" in schema["paths"]
