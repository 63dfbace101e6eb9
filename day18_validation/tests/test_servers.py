"""Each app behind a real server on an ephemeral loopback port (werkzeug, uvicorn)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from day11_rest_library import Settings, upgrade
from day18_validation import create_fastapi_app, create_flask_app
from day18_validation.tests.helpers import VALID_BOOK
from shared.testing import live_asgi_server, live_wsgi_server


def post(url: str, body: object) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.parametrize("framework", ["flask", "fastapi"])
def test_a_real_server_validates_and_stores(framework: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'library.db'}"
    upgrade(url)
    settings = Settings(database_url=url)
    if framework == "flask":
        server = live_wsgi_server(create_flask_app(settings))
    else:
        server = live_asgi_server(create_fastapi_app(settings))
    with server as base:
        status, book = post(f"{base}/books", VALID_BOOK)
        assert status == 201 and book["isbn"] == "9780441013593"
        status, problem = post(f"{base}/books", VALID_BOOK | {"year": True})
        assert status == 422 and [e["field"] for e in problem["errors"]] == ["year"]  # type: ignore[union-attr]
