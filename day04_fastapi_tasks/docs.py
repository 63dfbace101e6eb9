"""Swagger UI at /docs from the swagger-ui-bundle package: the docs work with no internet.

FastAPI's default /docs page loads its JavaScript and CSS from a CDN; here the same files are
served by the app itself (a StaticFiles mount), and the page points at them.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS_URL = "/docs"
ASSETS_URL = "/docs-assets"


def install_docs(app: FastAPI, *, docs_url: str = DOCS_URL, assets_url: str = ASSETS_URL) -> None:
    """Serve offline Swagger UI at `docs_url`; create the app with `docs_url=None`."""
    app.mount(assets_url, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui-assets")
    redirect_url = f"{docs_url}/oauth2-redirect"

    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=root + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{assets_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{assets_url}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets_url}/favicon-32x32.png",
            oauth2_redirect_url=root + redirect_url,
        )

    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_api_route(docs_url, swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route(redirect_url, oauth2_redirect, methods=["GET"], include_in_schema=False)
