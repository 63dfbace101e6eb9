"""Fixture chain: repository -> app -> client, fresh for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from day04_fastapi_tasks import InMemoryTaskRepository, create_app


@pytest.fixture
def repository() -> InMemoryTaskRepository:
    """An empty in-memory repository."""
    return InMemoryTaskRepository()


@pytest.fixture
def app(repository: InMemoryTaskRepository) -> FastAPI:
    """The task API around the test's repository."""
    return create_app(repository)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A test client with the app's lifespan running."""
    with TestClient(app) as test_client:
        yield test_client
