"""The app under a real uvicorn server: tasks go in through day 7's routes, reports come out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx

from day08_reports import Settings, create_app
from day08_reports.tests.conftest import sqlite_url
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_asgi_server


def test_real_server_reports_on_tasks_created_through_the_api(tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path), day08_create_schema_on_startup=True)
    with live_asgi_server(create_app(settings)) as base, httpx.Client(base_url=base) as http:
        project = http.post("/projects", json={"name": "Garden"}).json()
        for title in ("Dig", "Plant", "Water"):
            task = http.post("/tasks", json={"title": title}).json()
            http.put(f"/projects/{project['id']}/tasks/{task['id']}")
        http.patch(f"/tasks/{task['id']}", json={"done": True})
        rate = http.get("/reports/tasks/completion-rate").json()
        completed = http.get("/reports/tasks/completed", headers={"Accept": "text/csv"})
        value = http.get("/reports/inventory/value").json()
    assert (rate["tasks"], rate["completed"]) == (3, 1), "day 7 stored them, day 8 counts them"
    assert list(csv.DictReader(io.StringIO(completed.text))) == [
        {"project_id": str(project["id"]), "project": "Garden", "completed": "1", "share": "1.0"}
    ]
    assert value["value"] == "0.00", "the inventory tables exist (created at startup), empty"


def test_docs_list_every_operation_in_a_real_browser_offline(tmp_path: Path) -> None:
    """Headless Chromium, with no network, shows every operation (reports too) at /docs."""
    require_chromium()
    with live_asgi_server(create_app(Settings(database_url=sqlite_url(tmp_path)))) as base:
        missing = missing_docs_operations(base)
    assert not missing, f"/docs in a browser should list every operation; missing {missing}"
