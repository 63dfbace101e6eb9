"""The app under a real uvicorn server on an ephemeral loopback port, SQLite file storage."""

from __future__ import annotations

import httpx

from day07_sqlalchemy_orm import Settings, create_app, current_revision
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_asgi_server


def test_real_server_stores_tasks_projects_and_tags(fresh_sqlite_url: str) -> None:
    app = create_app(Settings(database_url=fresh_sqlite_url))
    with live_asgi_server(app) as base, httpx.Client(base_url=base) as http:
        project = http.post("/projects", json={"name": "Garden"}).json()
        task = http.post("/tasks", json={"title": "Dig"}).json()
        assigned = http.put(f"/projects/{project['id']}/tasks/{task['id']}").json()
        tagged = http.put(f"/tasks/{task['id']}/tags/outdoor").json()
        assert (assigned["project_id"], tagged["tags"]) == (project["id"], ["outdoor"])
        assert http.get(f"/projects/{project['id']}/tasks").json()["total"] == 1
        assert http.get("/docs").status_code == 200, "offline Swagger UI is served"
    with live_asgi_server(create_app(Settings(database_url=fresh_sqlite_url))) as base:
        again = httpx.get(f"{base}/tasks/{task['id']}").json()
    assert again["title"] == "Dig", "the data outlives the server: it was committed"


def test_migrate_on_startup_setting_migrates_an_empty_database(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/empty.db"
    app = create_app(Settings(database_url=url, day07_migrate_on_startup=True))
    with live_asgi_server(app) as base:
        assert httpx.get(f"{base}/tasks").json()["total"] == 0
    assert current_revision(url) == "0001"


def test_docs_list_every_operation_in_a_real_browser_offline(fresh_sqlite_url: str) -> None:
    """Headless Chromium, with no network, shows every operation of the schema at /docs."""
    require_chromium()
    with live_asgi_server(create_app(Settings(database_url=fresh_sqlite_url))) as base:
        missing = missing_docs_operations(base)
    assert not missing, f"/docs in a browser should list every operation; missing {missing}"
