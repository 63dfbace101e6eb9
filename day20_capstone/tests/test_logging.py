"""Logs: one JSON access line per request with its request id and user, and no secrets."""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi.testclient import TestClient

from day16_logging import configure_logging
from day20_capstone import Settings, create_app
from day20_capstone.tests.helpers import PASSWORD, sign_up


def test_access_lines_carry_the_user_and_no_password_hash_or_token(settings: Settings) -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream)
    with TestClient(create_app(settings)) as client:
        ann = sign_up(client, "ann")
        client.get("/tasks", headers={**ann.headers, "X-Request-ID": "req-test-1"})
        client.post("/auth/refresh", json={"refresh_token": ann.refresh})
    text = stream.getvalue()
    lines: list[dict[str, Any]] = [
        json.loads(line) for line in text.splitlines() if line.startswith("{")
    ]
    mine = [line for line in lines if line.get("request_id") == "req-test-1"]
    assert mine, f"the request id is on the request's lines: {text[-2000:]}"
    assert any(str(line.get("user")) == str(ann.id) for line in mine), (
        f"the access line names the user: {mine}"
    )
    for secret in (PASSWORD, ann.access, ann.refresh, "$argon2"):
        assert secret not in text, f"{secret[:12]}... must never be logged"
