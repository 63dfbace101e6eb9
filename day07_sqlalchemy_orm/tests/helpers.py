"""Small actions the API tests repeat: create a task or a project, name a SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient


def sqlite_url(folder: Path) -> str:
    """The URL of a SQLite file in `folder`."""
    return f"sqlite:///{folder / 'day07.db'}"


def add_task(client: TestClient, title: str = "Write the report", **fields: Any) -> dict[str, Any]:
    """POST a task and return its body (asserting it was created)."""
    response = client.post("/tasks", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def add_project(client: TestClient, name: str = "Garden") -> dict[str, Any]:
    """POST a project and return its body (asserting it was created)."""
    response = client.post("/projects", json={"name": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
