"""The ASGI middleware around day 7's task API: access lines, request ids, errors, secrets."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from flask import Flask

from day16_logging import REQUEST_ID_HEADER, current_request_id
from day16_logging.tests.conftest import Logs
from shared.testing import live_asgi_server, live_wsgi_server


def test_each_request_writes_one_json_access_line(task_client: TestClient, logs: Logs) -> None:
    response = task_client.get("/tasks/424242")
    assert response.status_code == 404
    lines = logs.access()
    assert len(lines) == 1, f"one access line per request, not {len(lines)}"
    line = lines[0]
    expected = {"method": "GET", "route": "/tasks/{task_id}", "status": 404, "client": "testclient"}
    assert {key: line.get(key) for key in expected} == expected, (
        "the access line names the route *template*, the status and the client"
    )
    assert line["bytes"] == len(response.content), "bytes is the size of the body sent"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers[REQUEST_ID_HEADER]


def test_a_well_formed_request_id_is_kept_and_echoed(task_client: TestClient, logs: Logs) -> None:
    response = task_client.get("/tasks", headers={REQUEST_ID_HEADER: "client-id-0001"})
    assert response.headers[REQUEST_ID_HEADER] == "client-id-0001"
    assert logs.access()[0]["request_id"] == "client-id-0001"


@pytest.mark.parametrize(
    "sent",
    ["short", "has spaces in it", "x" * 200, 'quote"injection"1234', "new\nline-12345"],
    ids=["too-short", "spaces", "too-long", "quotes", "newline"],
)
def test_a_malformed_request_id_is_replaced(task_client: TestClient, logs: Logs, sent: str) -> None:
    response = task_client.get("/tasks", headers={REQUEST_ID_HEADER: sent.replace("\n", " ")})
    echoed = response.headers[REQUEST_ID_HEADER]
    assert echoed != sent.replace("\n", " "), "an id that could break a log line is not trusted"
    assert len(echoed) == 32 and echoed.isalnum(), "a fresh id replaces it"
    assert logs.access()[0]["request_id"] == echoed


def test_a_request_gets_an_id_when_it_sends_none(task_client: TestClient) -> None:
    first = task_client.get("/tasks").headers[REQUEST_ID_HEADER]
    second = task_client.get("/tasks").headers[REQUEST_ID_HEADER]
    assert first != second, "every request gets its own id"


def test_every_line_of_a_request_carries_its_id(task_client: TestClient, logs: Logs) -> None:
    response = task_client.get("/test/work/lamp", headers={REQUEST_ID_HEADER: "request-lamp-1"})
    assert response.status_code == 200
    messages = [line["message"] for line in logs.of_request("request-lamp-1")]
    assert "working on lamp" in messages and "done with lamp" in messages, (
        "the app's own lines carry the id (contextvars), not only the access line"
    )
    assert len(messages) == 3, messages
    assert current_request_id() is None, "the id is forgotten once the request is answered"


def test_the_access_line_names_the_user_when_the_app_knows_it(
    task_client: TestClient, logs: Logs
) -> None:
    task_client.get("/test/whoami/42")
    task_client.get("/tasks")
    first, second = logs.access()
    assert first["user"] == "42", "set_request_user during the request names the user"
    assert second["user"] is None, "a request that names no user has none"


def test_an_unhandled_error_is_a_problem_500_with_the_request_id(
    task_client: TestClient, logs: Logs
) -> None:
    response = task_client.get("/test/boom", headers={REQUEST_ID_HEADER: "request-boom-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 500 and body["request_id"] == "request-boom-1"
    assert "Traceback" not in response.text and "hunter2" not in response.text, (
        "the client never sees the traceback"
    )
    errors = [line for line in logs.of_request("request-boom-1") if "exc_info" in line]
    assert len(errors) == 1, "the traceback is logged once, with the request's id"
    assert "RuntimeError" in errors[0]["exc_info"] and errors[0]["level"] == "error"
    assert logs.access()[-1]["status"] == 500


def test_secrets_never_reach_a_log_line(task_client: TestClient, logs: Logs) -> None:
    task_client.post(
        "/test/login?access_token=tok-987",
        json={"user": "ada", "password": "hunter2"},
        headers={"Authorization": "Bearer abc.def.ghi", "Cookie": "session=s3cr3t"},
    )
    written = logs.text()
    for secret in ("hunter2", "tok-987", "abc.def.ghi", "s3cr3t"):
        assert secret not in written, f"{secret!r} was logged"
    assert "[REDACTED]" in written and "ada" in written, "only the secret values are replaced"


def test_outbound_calls_carry_the_request_id(
    task_client: TestClient, library_app: Flask, logs: Logs
) -> None:
    """The task API calls day 11's library API (a real server): both log the same id."""
    with live_wsgi_server(library_app) as upstream:
        response = task_client.get(
            "/test/call",
            params={"url": f"{upstream}/books"},
            headers={REQUEST_ID_HEADER: "out-call-0001"},
        )
    assert response.json() == {"status": 200}
    routes = [line["route"] for line in logs.access() if line["request_id"] == "out-call-0001"]
    # The upstream's server thread may write its line after the caller's: order is not the point.
    assert sorted(routes) == ["/books", "/test/call"], (
        "request_id_hook sends the id on, so the upstream's access line carries it too"
    )


def test_ids_never_mix_between_concurrent_asyncio_requests(task_app: FastAPI, logs: Logs) -> None:
    """50 requests in flight at once on one event loop: each line has its own request's id."""

    async def run() -> None:
        transport = httpx.ASGITransport(app=task_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            sends = [
                client.get(
                    f"/test/async-work/item{n}", headers={REQUEST_ID_HEADER: f"concurrent-{n:04d}"}
                )
                for n in range(50)
            ]
            await asyncio.gather(*sends)

    asyncio.run(run())
    work = [line for line in logs.lines() if line["logger"] == "day16_tests.work"]
    assert len(work) == 100
    for line in work:
        number = int(line["message"].rsplit("item", 1)[1])
        assert line["request_id"] == f"concurrent-{number:04d}", f"mixed up: {line}"


def test_a_real_uvicorn_server_logs_and_echoes(task_app: FastAPI, logs: Logs) -> None:
    with live_asgi_server(task_app) as base, httpx.Client(base_url=base) as client:
        response = client.get("/tasks", headers={REQUEST_ID_HEADER: "live-server-1"})
    assert response.status_code == 200 and response.headers[REQUEST_ID_HEADER] == "live-server-1"
    (line,) = [line for line in logs.access() if line["request_id"] == "live-server-1"]
    assert line["route"] == "/tasks" and line["client"] == "127.0.0.1"
