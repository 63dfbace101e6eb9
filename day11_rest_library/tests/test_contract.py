"""Contract first: the shipped OpenAPI document and the routes match both ways; docs offline.

Every status a route can return is documented: `helpers.LintingClient` checks each response
of the whole suite against the operation's documented responses.
"""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient

from day11_rest_library import Settings, create_app, load_contract
from shared.browser import missing_docs_operations, require_chromium
from shared.testing import live_wsgi_server

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
NOT_THE_API = ("/docs", "/openapi.json", "/static")


def served(app: Flask) -> set[tuple[str, str]]:
    """(METHOD, /path/{param}) of every route of the API (HEAD and OPTIONS come with GET)."""
    operations = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(NOT_THE_API):
            continue
        template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        operations |= {(m, template) for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    return operations


def documented() -> set[tuple[str, str]]:
    paths = load_contract()["paths"]
    return {(m.upper(), p) for p, item in paths.items() for m in item if m in HTTP_METHODS}


def test_contract_is_openapi_3_1_with_the_three_resources() -> None:
    contract = load_contract()
    assert contract["openapi"].startswith("3.1")
    for path in (
        "/books",
        "/books/{book_id}",
        "/authors",
        "/authors/{author_id}",
        "/authors/{author_id}/books",
        "/loans",
        "/loans/{loan_id}",
    ):
        assert path in contract["paths"], f"the contract should describe {path}"


def test_openapi_json_serves_the_shipped_contract(client: FlaskClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert json.loads(response.data) == load_contract()


def test_every_documented_operation_is_served(app: Flask) -> None:
    missing = documented() - served(app)
    assert not missing, f"the contract promises {sorted(missing)}, which no route serves"


def test_every_served_route_is_documented(app: Flask) -> None:
    undocumented = served(app) - documented()
    assert not undocumented, f"routes {sorted(undocumented)} are missing from the contract"


def test_every_operation_documents_its_errors() -> None:
    for path, item in load_contract()["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            codes = set(operation["responses"])
            assert {"406", "503"} <= codes, f"{method} {path}: any request can get 406 or 503"
            if "{" in path:
                assert "404" in codes, f"{method} {path} names a resource: document 404"
            if "requestBody" in operation:
                assert {"400", "415", "422"} <= codes, f"{method} {path} reads a body"
            if method in ("put", "patch", "delete"):
                assert {"412", "428"} <= codes, f"{method} {path} takes If-Match"
            if method == "get":
                assert "304" in codes, f"{method} {path} answers If-None-Match"


def test_docs_page_loads_swagger_ui_from_this_server(client: FlaskClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    scripts = re.findall(r'src="([^"]+)"', page.get_data(as_text=True))
    assert scripts and all(src.startswith("/") for src in scripts), "no CDN: local files only"
    for src in scripts:
        assert client.get(src).status_code == 200, f"{src} is served by the app"


def test_docs_list_every_operation_in_a_real_browser_offline(sqlite_url: str) -> None:
    """Headless Chromium, with no network, shows every operation of the contract at /docs."""
    require_chromium()
    with live_wsgi_server(create_app(Settings(database_url=sqlite_url))) as base_url:
        missing = missing_docs_operations(base_url)
    assert not missing, (
        f"/docs rendered in a browser should list every operation; missing {missing}"
    )
