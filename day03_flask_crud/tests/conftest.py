"""Fixture chain (flaskr): config -> app -> client, each test with its own store."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from day03_flask_crud import BookStore, create_app, get_store


@pytest.fixture
def app() -> Flask:
    """An app with the three sample books in memory (ids 1, 2, 3)."""
    return create_app({"TESTING": True, "SEED_BOOKS": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def store(app: Flask) -> BookStore:
    return get_store(app)
