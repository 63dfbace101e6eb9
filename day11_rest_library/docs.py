"""The contract at /openapi.json and Swagger UI at /docs, from files in the packages.

Swagger UI 5 (it reads OpenAPI 3.1) comes from the `flask-swagger-ui` package, which ships
its `dist/` folder: the page at /docs loads its script and styles from /docs/assets/ on this
server, never from a CDN, so the docs work offline.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory

from day11_rest_library.conditional import finish_conditional_get
from day11_rest_library.contract import contract_bytes

DOCS_URL = "/docs"
OPENAPI_URL = "/openapi.json"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Day 11 library API</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{url: "{openapi}", dom_id: "#swagger-ui"}});
  </script>
</body>
</html>
"""


def swagger_ui_dist() -> Path:
    """Swagger UI's files inside flask-swagger-ui (found without importing the package)."""
    spec = find_spec("flask_swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("flask-swagger-ui is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "dist"


def install_docs(app: Flask) -> None:
    """Serve the contract, the Swagger UI page and its files on `app`."""
    docs = Blueprint("docs", __name__)
    docs.after_request(finish_conditional_get)  # an ETag, and 304 when the client has it
    dist = swagger_ui_dist()
    page = _PAGE.format(assets=f"{DOCS_URL}/assets", openapi=OPENAPI_URL)

    @docs.get(OPENAPI_URL)
    def openapi() -> Response:
        """The OpenAPI document, byte for byte as shipped."""
        return Response(contract_bytes(), mimetype="application/json")

    @docs.get(DOCS_URL)
    def swagger_ui() -> Response:
        """The page that renders the document."""
        return Response(page, mimetype="text/html")

    @docs.get(f"{DOCS_URL}/assets/<path:name>")
    def asset(name: str) -> Response:
        """Swagger UI's own files (404 for anything else)."""
        return send_from_directory(dist, name)

    app.register_blueprint(docs)
