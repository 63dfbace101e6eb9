"""The app factory and lifespan: indexes, TTL retention, the mongomock warning, real uvicorn."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from day09_mongo_activity import DatabaseUnavailable, Settings, create_app
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_asgi_server

DAY = 86_400


def indexes(mongo_db: Any) -> dict[str, Any]:
    """index_information() of the activities collection."""
    info: dict[str, Any] = mongo_db["activities"].index_information()
    return info


def test_startup_creates_query_indexes_and_a_ttl_index(client: TestClient, mongo_db: Any) -> None:
    keys = {name: info["key"] for name, info in indexes(mongo_db).items()}
    assert [("user_id", 1), ("timestamp", -1)] in keys.values(), "user_id + timestamp index"
    assert [("action", 1)] in keys.values(), "action index"
    ttl = indexes(mongo_db)["timestamp_ttl"]
    assert ttl["key"] == [("timestamp", 1)]
    assert ttl["expireAfterSeconds"] == 3650 * DAY, "retention_days sets the TTL"


def test_restart_with_new_retention_updates_the_ttl_index(
    settings: Settings, mongo_client: Any, mongo_db: Any
) -> None:
    for days in (30, 7, 7):
        app = create_app(settings.model_copy(update={"retention_days": days}), client=mongo_client)
        with TestClient(app):
            pass
        assert indexes(mongo_db)["timestamp_ttl"]["expireAfterSeconds"] == days * DAY


def test_retention_days_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAY09_RETENTION_DAYS", "12")
    monkeypatch.setenv("DAY09_MAX_BATCH", "3")
    settings = Settings()
    assert (settings.retention_days, settings.max_batch) == (12, 3)


def test_without_mongodb_url_the_app_warns_that_nothing_is_persisted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(Settings(mongodb_url=None))
    with caplog.at_level(logging.WARNING), TestClient(app) as client:
        created = client.post("/activities", json={"user_id": "u1", "action": "a"})
        assert created.status_code == 201
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("mongomock" in m and "nothing is persisted" in m for m in warnings), warnings


def test_unreachable_mongodb_fails_start_up_with_a_clear_error() -> None:
    app = create_app(Settings(mongodb_url="mongodb://127.0.0.1:1", mongodb_timeout_ms=100))
    with pytest.raises(DatabaseUnavailable, match="did not answer") as failure:
        with TestClient(app):
            pass
    assert failure.value.hint and "MONGODB_URL" in failure.value.hint


def test_injected_client_is_left_open_for_its_owner(app: FastAPI, mongo_client: Any) -> None:
    with TestClient(app) as client:
        client.post("/activities", json={"user_id": "u1", "action": "a"})
    assert mongo_client[app.state.settings.database]["activities"].count_documents({}) == 1


def test_real_uvicorn_server_stores_and_lists_activities(app: FastAPI) -> None:
    with live_asgi_server(app) as base_url, httpx.Client(base_url=base_url) as http:
        created = http.post("/activities", json={"user_id": "u1", "action": "login", "ip": "::1"})
        assert created.status_code == 201, created.text
        page = http.get("/activities", params={"meta.ip": "::1"})
        assert page.json() == {"items": [created.json()], "next": None}
        refused = http.get("/activities?user_id[$ne]=x")
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/activities", "GET, POST"),
        ("PUT", "/activities", "GET, POST"),
        ("POST", "/users/ada/activities", "DELETE"),
    ],
    ids=["options-activities", "put-activities", "post-erasure"],
)
def test_unsupported_method_is_405_allowing_every_served_method(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == allow, "Allow lists every method the path serves"


def test_docs_list_every_operation_in_a_real_browser_offline(app: FastAPI) -> None:
    """Headless Chromium, with no network, shows every operation of the schema at /docs."""
    require_chromium()
    with live_asgi_server(app) as base_url:
        missing = missing_docs_operations(base_url)
    assert not missing, (
        f"/docs rendered in a browser should list every operation; missing {missing}"
    )


def test_docs_page_is_served_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text, "Swagger UI comes from the app"
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
