"""A real uvicorn server on an ephemeral port, talking to real upstream servers over TCP."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient

from day12_async_fanout.tests.conftest import AppMaker, ServerMaker
from day12_async_fanout.tests.helpers import FakeUpstreams
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_asgi_server


def test_overview_round_trip_on_a_real_server(
    make_server: ServerMaker, fake: FakeUpstreams
) -> None:
    fake.behave("fx", status=500)
    base = make_server(retries=0)
    with httpx.Client(base_url=base, timeout=5) as http:
        response = http.get("/overview", params={"city": "Lisbon", "coins": "bitcoin"})
        assert response.status_code == 200
        sources = response.json()["sources"]
        assert sources["weather"]["data"]["place"] == "Lisbon"
        assert sources["fx"]["status"] == "error"
        assert http.get("/upstreams").status_code == 200
        bad = http.get("/overview", params={"coins": "NOT OK"})
        assert bad.status_code == 422
        assert bad.headers["content-type"] == "application/problem+json"
        assert http.get("/nowhere").status_code == 404


def test_docs_page_loads_swagger_ui_from_the_app_itself(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(url.startswith("/") for url in urls), f"no CDN, only local files: {urls}"
    for url in urls:
        assert client.get(url).status_code == 200, f"{url} is served by the app"


def test_docs_list_every_operation_in_a_real_browser_offline(make_app: AppMaker) -> None:
    """Headless Chromium, with no network, shows /overview and /upstreams at /docs."""
    require_chromium()
    with live_asgi_server(make_app()) as base_url:
        missing = missing_docs_operations(base_url)
    assert not missing, f"/docs should list every operation of /openapi.json; missing {missing}"


def test_schema_documents_the_overview_and_its_errors(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert sorted(schema["paths"]) == ["/overview", "/upstreams"]
    responses = schema["paths"]["/overview"]["get"]["responses"]
    assert {"200", "422", "502", "504"} <= set(responses), sorted(responses)
    assert "application/problem+json" in responses["504"]["content"]
    problem = responses["504"]["content"]["application/problem+json"]["schema"]
    reference = problem["properties"]["sources"]["additionalProperties"]["$ref"]
    assert reference.rsplit("/", 1)[-1] in schema["components"]["schemas"], (
        f"the problem's per-source results point at a schema that exists: {reference}"
    )
