"""/docs works offline: the page loads Swagger UI from the app itself, never from a CDN."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from day04_fastapi_tasks import create_app
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_asgi_server


def asset_urls(html: str) -> list[str]:
    """Every src= and href= in the page."""
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_docs_page_references_only_local_assets(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    urls = asset_urls(response.text)
    assert urls, "the docs page should load Swagger UI's script and stylesheet"
    remote = [url for url in urls if not url.startswith("/")]
    assert not remote, f"/docs must not load anything from the internet: {remote}"
    assert "'/openapi.json'" in response.text, "Swagger UI reads the app's own schema"


def test_every_docs_asset_is_served(client: TestClient) -> None:
    for url in asset_urls(client.get("/docs").text):
        response = client.get(url)
        assert response.status_code == 200, f"{url} should be served by the app"
        assert response.content, f"{url} is empty"


def test_oauth2_redirect_page_is_served(client: TestClient) -> None:
    page = client.get("/docs").text
    match = re.search(r"oauth2RedirectUrl: [^']*'([^']+)'", page)
    assert match, "the docs page should tell Swagger UI where its OAuth2 redirect page is"
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert "oauth2" in response.text.lower()


def test_docs_list_every_operation_in_a_real_browser_offline() -> None:
    """Headless Chromium, with no network, shows every operation of the schema at /docs."""
    require_chromium()
    with live_asgi_server(create_app()) as base_url:
        missing = missing_docs_operations(base_url)
    assert not missing, (
        f"/docs rendered in a browser should list every operation of /openapi.json; missing "
        f"{sorted(missing)} (Swagger UI must be version 5 or later to read OpenAPI 3.1)"
    )


def test_docs_and_assets_stay_out_of_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert sorted(paths) == ["/tasks", "/tasks/{task_id}"]
