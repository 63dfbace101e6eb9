"""Fixtures: settings -> app -> client, on the `mongo_client` of the course plugin.

`mongo_client` is mongomock unless MONGODB_URL is set, then a real server: the same tests run on
both. Each test gets its own database (the `mongo_db` fixture's unique name), dropped after.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from day09_mongo_activity import Settings, create_app


@pytest.fixture
def settings(mongo_db: Any) -> Settings:
    """Test settings on the test's own database, with small limits that tests can reach."""
    return Settings(
        mongodb_url=None,
        database=mongo_db.name,
        retention_days=3650,
        max_batch=50,
        max_document_bytes=4096,
        max_body_bytes=65_536,
    )


@pytest.fixture
def app(settings: Settings, mongo_client: Any) -> FastAPI:
    """The API on the injected test client (the app leaves it open; the fixture closes it)."""
    return create_app(settings, client=mongo_client)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A TestClient that has run the app's start-up (indexes) and runs its shutdown after."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def base_time() -> datetime:
    """Midnight UTC a few days ago: recent enough that no TTL index ever expires test data."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=5)
