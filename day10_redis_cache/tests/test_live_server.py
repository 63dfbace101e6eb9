"""Under a real uvicorn server: 20 concurrent identical report requests run the SQL once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import event

from day10_redis_cache.tests.conftest import AppFactory
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_asgi_server

REPORT = "/reports/tasks/completion-rate"


def test_twenty_concurrent_report_requests_compute_once(make_app: AppFactory) -> None:
    app = make_app()
    selects: list[str] = []

    def count_and_slow_down(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)
            time.sleep(0.2)  # a slow report: every request arrives while it is computed

    event.listen(app.state.engine, "before_cursor_execute", count_and_slow_down)
    start = threading.Barrier(20)
    with live_asgi_server(app) as base, httpx.Client(base_url=base, timeout=10) as http:
        assert http.post("/tasks", json={"title": "Dig", "done": True}).status_code == 201

        def request(_: int) -> httpx.Response:
            start.wait()
            return http.get(REPORT)

        with ThreadPoolExecutor(max_workers=20) as pool:
            responses = list(pool.map(request, range(20)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.text for r in responses}) == 1, "every request got the same report"
    assert len(selects) == 1, f"the report's SELECT ran {len(selects)} times, not once"
    assert Counter(r.headers["X-Cache"] for r in responses) == {"MISS": 1, "HIT": 19}


def test_docs_list_every_operation_in_a_real_browser_offline(make_app: AppFactory) -> None:
    """Headless Chromium, with no network, shows every operation of the cached API at /docs."""
    require_chromium()
    with live_asgi_server(make_app()) as base:
        missing = missing_docs_operations(base)
    assert not missing, f"/docs in a browser should list every operation; missing {missing}"
