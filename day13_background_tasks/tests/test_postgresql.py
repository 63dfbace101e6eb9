"""Upload state on PostgreSQL (DATABASE_URL); test_celery.py runs two workers on it too."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from day13_background_tasks import create_app
from day13_background_tasks.tests.helpers import (
    accepted,
    csv_bytes,
    day1_report,
    local_settings,
    wait_finished,
)


def test_in_process_upload_is_done_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    settings = local_settings(tmp_path, database_url=postgres_url)
    content = csv_bytes(500)
    with TestClient(create_app(settings)) as client:
        location = accepted(client, content)
        assert wait_finished(client, location)["state"] == "done"
        assert client.get(f"{location}/report").json() == day1_report(content, "orders.csv")
        listed = client.get("/uploads", params={"state": "done"}).json()["items"]
        assert location.rsplit("/", 1)[1] in {item["id"] for item in listed}
