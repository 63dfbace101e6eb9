"""A real browser for tests: Debian's headless Chromium renders a page and returns its DOM.

Some pages are built by JavaScript (Swagger UI at every FastAPI day's /docs) or must look right
to a person (day 1's HTML report): an HTTP client sees only the bytes, a browser shows whether
they render. `--dump-dom` is enough for that, so there is no WebDriver to install.

The browser runs offline: every host name except loopback fails to resolve, so a page that
still reaches for a CDN shows it in the test instead of working by luck on a connected laptop.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import urllib.request
from html.parser import HTMLParser
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ENV_VAR = "COURSE_CHROMIUM"  # another Chromium binary, e.g. on a machine that is not Debian
INSTALL_COMMAND = "apt-get install chromium"

_FLAGS = (
    "--headless",
    "--no-sandbox",  # tests run as root in CI, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline: only loopback host names resolve, and everything that is not loopback (an IP
    # literal too) goes to a proxy that is not there. Chromium never proxies loopback.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",
)
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

__all__ = [
    "BrowserError",
    "docs_operations",
    "dump_dom",
    "find_chromium",
    "missing_docs_operations",
    "openapi_operations",
    "require_chromium",
    "swagger_operations",
]


class BrowserError(RuntimeError):
    """Chromium is missing, failed, or did not finish the page in time."""


def find_chromium() -> str | None:
    """The Chromium binary: $COURSE_CHROMIUM, else `chromium` on PATH, else None."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)


def require_chromium() -> str:
    """Chromium's path, or skip the test (fail under COURSE_REQUIRE_SERVICES=1) naming the fix."""
    import pytest

    from shared.testing import services_required

    path = find_chromium()
    if path is not None:
        return path
    message = (
        f"Chromium is not installed (a browser check needs it); install it with: {INSTALL_COMMAND}"
    )
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def dump_dom(url: str, *, timeout: float = 30.0, budget_ms: int = 5000) -> str:
    """Load `url` in headless Chromium and return the DOM after its scripts ran.

    `budget_ms` is Chromium's virtual time: it stops waiting once the page has been idle that
    long (network waits do not count), so a finished page returns in well under a second.
    `timeout` is the wall-clock bound; past it the browser is killed and BrowserError raised.
    """
    chromium = find_chromium()
    if chromium is None:
        raise BrowserError(f"Chromium is not installed; install it with: {INSTALL_COMMAND}")
    with tempfile.TemporaryDirectory(prefix="course-chromium-", ignore_cleanup_errors=True) as home:
        argv = [
            chromium,
            *_FLAGS,
            f"--user-data-dir={home}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ]
        returncode, stdout, stderr = _run(argv, timeout=timeout, what=url)
    if returncode != 0 or not stdout.strip():
        raise BrowserError(
            f"Chromium could not load {url} (exit {returncode}): {_last_error(stderr)}"
        )
    return stdout


def _run(argv: list[str], *, timeout: float, what: str) -> tuple[int, str, str]:
    """Run Chromium in its own process group, so a timeout ends its helper processes too."""
    # A new session: Chromium's zygote and renderers hold the pipes open after the main
    # process dies, so killing only the main process would leave communicate() waiting.
    with subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise BrowserError(
                f"Chromium did not finish {what} within {timeout:g} s (is the server answering?)"
            ) from None
        finally:
            _kill_group(process.pid)
    return process.returncode, stdout, stderr


def _kill_group(pgid: int) -> None:
    """Helpers Chromium leaves behind after a normal exit die with their group."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _last_error(stderr: str) -> str:
    """Chromium's last meaningful stderr line (it always complains about D-Bus: skip that)."""
    lines = [line for line in stderr.splitlines() if line.strip() and "dbus" not in line]
    return lines[-1].strip() if lines else "no error output"


# --- Swagger UI ------------------------------------------------------------------------------


class _OperationParser(HTMLParser):
    """Collects (METHOD, path) from Swagger UI's rendered operation blocks.

    Each operation is a `div.opblock.opblock-<method>` holding a
    `span.opblock-summary-path[data-path]`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.method: str | None = None
        self.operations: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if "opblock" in classes:
            methods = {name.removeprefix("opblock-") for name in classes} & _HTTP_METHODS
            self.method = methods.pop().upper() if methods else self.method
        path = attributes.get("data-path")
        if "opblock-summary-path" in classes and path and self.method:
            self.operations.add((self.method, path))


def swagger_operations(dom: str) -> set[tuple[str, str]]:
    """The operations a rendered Swagger UI page lists, as {(METHOD, path)}."""
    parser = _OperationParser()
    parser.feed(dom)
    parser.close()
    return parser.operations


def openapi_operations(schema: dict[str, Any]) -> set[tuple[str, str]]:
    """The operations an OpenAPI document declares, as {(METHOD, path)}."""
    return {
        (method.upper(), path)
        for path, item in schema.get("paths", {}).items()
        for method in item
        if method in _HTTP_METHODS
    }


def docs_operations(docs_url: str, *, timeout: float = 30.0) -> set[tuple[str, str]]:
    """Open a Swagger UI page in Chromium and return the operations it shows."""
    return swagger_operations(dump_dom(docs_url, timeout=timeout))


def missing_docs_operations(
    base_url: str,
    *,
    docs_path: str = "/docs",
    openapi_path: str = "/openapi.json",
    timeout: float = 30.0,
) -> set[tuple[str, str]]:
    """The operations of a live server's OpenAPI document that its /docs page does not show.

    Empty means the docs render every operation. A schema with no operations is an error
    (there would be nothing to check).
    """
    with urllib.request.urlopen(base_url + openapi_path, timeout=timeout) as response:
        declared = openapi_operations(json.load(response))
    if not declared:
        raise BrowserError(f"{base_url}{openapi_path} declares no operations to look for")
    return declared - docs_operations(base_url + docs_path, timeout=timeout)
