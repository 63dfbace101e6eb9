"""shared.browser: headless Chromium renders pages offline and returns their DOM in time."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from shared.browser import (
    BrowserError,
    dump_dom,
    missing_docs_operations,
    openapi_operations,
    require_chromium,
    swagger_operations,
)
from shared.testing import live_asgi_server

PAGES = {
    "/script": "<html><body><p id='out'>static</p>"
    "<script>document.getElementById('out').textContent = 'built by ' + 'script';</script>"
    "</body></html>",
    # Each remote asset would change the page if it loaded; onerror records that it did not.
    "/remote": "<html><body><p id='out'>no remote loads</p>"
    "<script src='http://cdn.example.com/app.js' onerror=\"document.body.dataset.host='refused'\">"
    "</script>"
    "<script src='http://192.0.2.1/app.js' onerror=\"document.body.dataset.ip='refused'\">"
    "</script></body></html>",
}


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGES.get(self.path, "not found").encode()
        self.send_response(200 if self.path in PAGES else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test output is the assertions."""


@pytest.fixture
def site() -> Iterator[str]:
    """A real HTTP server on a loopback port serving PAGES."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def stalled_url() -> Iterator[str]:
    """A loopback port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"


def test_dump_dom_returns_the_page_after_its_scripts_ran(site: str) -> None:
    require_chromium()
    dom = dump_dom(f"{site}/script")
    assert "built by script" in dom, "the DOM should be the one the page's script produced"


def test_the_browser_reaches_nothing_but_loopback(site: str) -> None:
    """A page that reaches for a CDN or any outside address fails to load it, and fast."""
    require_chromium()
    started = time.monotonic()
    dom = dump_dom(f"{site}/remote", timeout=20)
    assert 'data-host="refused"' in dom and 'data-ip="refused"' in dom, dom
    assert time.monotonic() - started < 10


def test_a_server_that_never_answers_ends_at_the_timeout(stalled_url: str) -> None:
    require_chromium()
    started = time.monotonic()
    with pytest.raises(BrowserError, match="did not finish .* within 1 s"):
        dump_dom(stalled_url, timeout=1)
    assert time.monotonic() - started < 5, "the browser must be killed at the timeout"


def test_missing_chromium_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(BrowserError, match="apt-get install chromium"):
        dump_dom("http://127.0.0.1:1/")


def test_require_chromium_skips_naming_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("COURSE_REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        require_chromium()


def test_require_chromium_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("COURSE_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="Chromium is not installed"):
        require_chromium()


def test_a_browser_that_fails_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_CHROMIUM", "/bin/false")
    with pytest.raises(BrowserError, match=r"could not load http://127.0.0.1:1/ \(exit 1\)"):
        dump_dom("http://127.0.0.1:1/")


SWAGGER_DOM = """
<div class="opblock-tag-section is-open">
  <div class="opblock opblock-post" id="operations-tasks-create">
    <div class="opblock-summary"><span class="opblock-summary-method">POST</span>
      <span class="opblock-summary-path" data-path="/tasks"><a>/tasks</a></span></div>
  </div>
  <div class="opblock opblock-get is-open">
    <span class="opblock-summary-path" data-path="/tasks/{task_id}"></span>
  </div>
</div>
"""


def test_swagger_operations_reads_method_and_path_of_each_block() -> None:
    assert swagger_operations(SWAGGER_DOM) == {("POST", "/tasks"), ("GET", "/tasks/{task_id}")}


def test_swagger_operations_of_a_page_that_did_not_render_is_empty() -> None:
    dom = "<div class='swagger-ui'><h4>Unable to render this definition</h4></div>"
    assert swagger_operations(dom) == set()


def test_openapi_operations_lists_methods_not_path_parameters() -> None:
    schema = {"paths": {"/a": {"get": {}, "post": {}, "parameters": []}, "/b/{id}": {"delete": {}}}}
    assert openapi_operations(schema) == {("GET", "/a"), ("POST", "/a"), ("DELETE", "/b/{id}")}


def _ping_app(*, offline_docs: bool) -> Any:
    """A one-route FastAPI app; its /docs from local files, or FastAPI's default (a CDN)."""
    from fastapi import FastAPI

    from day04_fastapi_tasks import install_docs

    app = FastAPI(docs_url=None if offline_docs else "/docs", redoc_url=None)

    @app.get("/ping")
    def ping() -> dict[str, bool]:
        return {"pong": True}

    @app.get("/no-paths", include_in_schema=False)
    def no_paths() -> dict[str, object]:
        return {"openapi": "3.1.0", "paths": {}}

    if offline_docs:
        install_docs(app)
    return app


def test_missing_docs_operations_is_empty_when_swagger_ui_renders_them_all() -> None:
    """The check every FastAPI day runs, here on a minimal app served by uvicorn."""
    require_chromium()
    with live_asgi_server(_ping_app(offline_docs=True)) as base_url:
        assert missing_docs_operations(base_url) == set()
        with pytest.raises(BrowserError, match="declares no operations"):
            missing_docs_operations(base_url, openapi_path="/no-paths")


def test_docs_from_a_cdn_show_nothing_offline() -> None:
    """FastAPI's default /docs loads Swagger UI from a CDN: offline, no operation appears."""
    require_chromium()
    with live_asgi_server(_ping_app(offline_docs=False)) as base_url:
        assert missing_docs_operations(base_url) == {("GET", "/ping")}
