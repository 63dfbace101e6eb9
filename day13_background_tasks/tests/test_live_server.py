"""The app under a real uvicorn server on an ephemeral loopback port, and in a real browser."""

from __future__ import annotations

import httpx

from day13_background_tasks import Settings, create_app
from day13_background_tasks.tests.helpers import accepted, csv_bytes, wait_finished
from shared.browser import dump_dom, missing_docs_operations, require_chromium
from shared.testing import live_asgi_server


def test_real_server_accepts_processes_and_reports(settings: Settings) -> None:
    with (
        live_asgi_server(create_app(settings)) as base,
        httpx.Client(base_url=base) as http,
    ):
        location = accepted(http, csv_bytes(300), "live.csv")
        assert wait_finished(http, location)["state"] == "done"
        report = http.get(f"{location}/report")
        assert report.status_code == 200 and report.json()["rows"] == 300


def test_docs_and_html_report_render_in_a_real_browser_offline(settings: Settings) -> None:
    """Headless Chromium, offline, lists every operation at /docs and renders the report."""
    require_chromium()
    with live_asgi_server(create_app(settings)) as base:
        missing = missing_docs_operations(base)
        with httpx.Client(base_url=base) as http:
            location = accepted(http, csv_bytes(40), "browser.csv")
            wait_finished(http, location)
        page = dump_dom(f"{base}{location}/report?format=html")
    assert not missing, f"/docs in a browser should list every operation; missing {missing}"
    assert "browser.csv" in page and "</table>" in page, "day 1's HTML report renders"
