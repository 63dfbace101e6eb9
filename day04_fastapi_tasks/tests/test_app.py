"""The app factory: settings, swapping the repository, and a real uvicorn server."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from day04_fastapi_tasks import (
    InMemoryTaskRepository,
    Settings,
    SettingsDep,
    TaskCreate,
    TaskRepository,
    create_app,
    get_repository,
)
from shared.testing import live_asgi_server


def test_settings_name_the_api_in_its_schema() -> None:
    app = create_app(settings=Settings(title="My tasks", version="9.9"))
    with TestClient(app) as client:
        info = client.get("/openapi.json").json()["info"]
    assert (info["title"], info["version"]) == ("My tasks", "9.9")


def test_settings_dependency_gives_routes_the_apps_settings() -> None:
    """Routes a later day adds read settings through SettingsDep, not a global."""
    app = create_app(settings=Settings(title="Configured"))

    @app.get("/about")
    def about(settings: SettingsDep) -> dict[str, str]:
        return {"title": settings.title}

    with TestClient(app) as client:
        assert client.get("/about").json() == {"title": "Configured"}


def test_app_serves_the_repository_it_was_given() -> None:
    repository = InMemoryTaskRepository()
    repository.add(TaskCreate(title="already there"))
    with TestClient(create_app(repository)) as client:
        assert client.get("/tasks/1").json()["title"] == "already there"


def test_each_app_gets_its_own_repository_by_default() -> None:
    with TestClient(create_app()) as first, TestClient(create_app()) as second:
        first.post("/tasks", json={"title": "only in the first"})
        assert second.get("/tasks").json()["total"] == 0


def test_dependency_override_swaps_storage_without_touching_routes() -> None:
    """How later days plug in a database: override get_repository, keep the routes."""
    other = InMemoryTaskRepository()
    other.add(TaskCreate(title="from the override"))

    def other_repository() -> TaskRepository:
        return other

    app = create_app()
    app.dependency_overrides[get_repository] = other_repository
    with TestClient(app) as client:
        assert client.get("/tasks/1").json()["title"] == "from the override"


def test_api_round_trip_on_a_real_uvicorn_server() -> None:
    with live_asgi_server(create_app()) as base_url, httpx.Client(base_url=base_url) as http:
        created = http.post("/tasks", json={"title": "over TCP"})
        assert created.status_code == 201
        location = created.headers["location"]
        assert http.patch(location, json={"done": True}).json()["done"] is True
        assert http.get("/tasks", params={"done": "true"}).json()["total"] == 1
        assert http.delete(location).status_code == 204
        missing = http.get(location)
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert http.get("/docs").status_code == 200
