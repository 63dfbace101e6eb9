"""Swagger UI 5 at /docs from local files: the docs work with no internet.

FastAPI's default /docs page loads its JavaScript and CSS from a CDN; here the same files are
served by the app itself (a StaticFiles mount), and the page points at them.

Where the files come from: the `flask-swagger-ui` package ships Swagger UI 5's `dist/` folder
(with its Apache licence and the OAuth2 redirect page) and tracks Swagger UI's releases. We
only serve that folder; nothing of Flask is imported. Swagger UI 4 (`swagger-ui-bundle`) cannot
read the OpenAPI 3.1 documents FastAPI writes ("Unable to render this definition").
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
ASSETS_URL = "/docs-assets"


def swagger_ui_dist() -> Path:
    """The folder of Swagger UI's files inside flask-swagger-ui, found without importing it."""
    spec = find_spec("flask_swagger_ui")  # importing the package would import Flask
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("flask-swagger-ui is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "dist"


def install_docs(app: FastAPI, *, docs_url: str = DOCS_URL, assets_url: str = ASSETS_URL) -> None:
    """Serve offline Swagger UI at `docs_url`; create the app with `docs_url=None`."""
    app.mount(assets_url, StaticFiles(directory=swagger_ui_dist()), name="swagger-ui-assets")

    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=root + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{assets_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{assets_url}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets_url}/favicon-32x32.png",
            # Swagger UI's own redirect page, from the same release as the script.
            oauth2_redirect_url=f"{root}{assets_url}/oauth2-redirect.html",
        )

    app.add_api_route(docs_url, swagger_ui, methods=["GET"], include_in_schema=False)
