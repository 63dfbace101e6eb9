"""The API on a real werkzeug server (127.0.0.1, ephemeral port), spoken to with http.client."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from day03_flask_crud import create_app
from day03_flask_crud.tests.helpers import VALID_BOOK
from shared.testing import live_wsgi_server

THREADS, PER_THREAD = 8, 50


@pytest.fixture
def address() -> Iterator[tuple[str, int]]:
    """(host, port) of a real threaded werkzeug server running a seeded app."""
    with live_wsgi_server(create_app({"SEED_BOOKS": True})) as base_url:
        parts = urlsplit(base_url)
        assert parts.hostname and parts.port
        yield parts.hostname, parts.port


def call(
    conn: http.client.HTTPConnection, method: str, url: str, body: Any = None
) -> tuple[int, dict[str, str], Any]:
    """One request on a kept-alive connection; returns status, headers and decoded JSON."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, url, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, dict(response.getheaders()), json.loads(data) if data else None


def test_crud_round_trip_over_a_real_server(address: tuple[str, int]) -> None:
    conn = http.client.HTTPConnection(*address, timeout=10)
    try:
        status, headers, book = call(conn, "POST", "/add", VALID_BOOK)
        assert (status, headers["Location"]) == (201, "/view/4")
        assert call(conn, "GET", "/view/4")[2] == book
        assert call(conn, "PATCH", "/edit/4", {"year": 2018})[2]["year"] == 2018
        assert call(conn, "PUT", "/edit/4", VALID_BOOK)[2]["year"] == 2017
        assert call(conn, "DELETE", "/delete/4")[0] == 204
        status, headers, problem = call(conn, "GET", "/view/4")
        assert (status, headers["Content-Type"]) == (404, "application/problem+json")
        assert problem["detail"] == "No book has the id 4."
        status, _, problem = call(conn, "POST", "/add", {**VALID_BOOK, "year": True})
        assert status == 422 and problem["errors"][0]["field"] == "year"
    finally:
        conn.close()


def test_concurrent_adds_through_a_real_server_lose_nothing(address: tuple[str, int]) -> None:
    barrier = threading.Barrier(THREADS)
    failures: list[str] = []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(*address, timeout=10)
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                status, _, _ = call(conn, "POST", "/add", {**VALID_BOOK, "title": f"t{n}-{i}"})
                if status != 201:
                    failures.append(f"thread {n} add {i}: {status}")
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]

    conn = http.client.HTTPConnection(*address, timeout=10)
    try:
        titles: list[str] = []
        for page in range(1, 6):
            titles += [
                b["title"] for b in call(conn, "GET", f"/view?per_page=100&page={page}")[2]["items"]
            ]
    finally:
        conn.close()
    added = {t for t in titles if t.startswith("t")}
    assert len(added) == THREADS * PER_THREAD, "every concurrent add must be stored exactly once"
    assert len(titles) == 3 + THREADS * PER_THREAD
