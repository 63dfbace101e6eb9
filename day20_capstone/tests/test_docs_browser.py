"""The offline Swagger UI at /docs, in a real headless browser: it loads, authorizes, calls.

Marked `browser`: the course plugin deselects these unless `--browser` is given, and
`nox -s browser` runs them (`uv run --group browser pytest -m browser --browser day20_capstone`).
Playwright drives Debian's chromium (`/usr/bin/chromium`); nothing is downloaded, and every
request the page makes to a host other than the server's loopback address is aborted and
recorded, so "offline" is checked, not assumed. Playwright is imported inside the fixture:
the module still collects (and is deselected) where the `browser` group is not installed.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from day20_capstone import Settings, create_app
from day20_capstone.tests.helpers import PASSWORD, email
from shared.testing import live_asgi_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
TIMEOUT_MS = 30_000  # generous: a loaded 2-core machine renders the UI slowly


def _offline(page: Page) -> list[str]:
    """Abort every request to a non-loopback host; the list of the URLs that were tried."""
    attempted: list[str] = []

    def guard(route: Any) -> None:
        host = urllib.parse.urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return attempted


@pytest.fixture
def server(settings: Settings) -> Iterator[tuple[str, str]]:
    """A real uvicorn server of the API with one registered user: (base URL, their email)."""
    with live_asgi_server(create_app(settings)) as url:
        address = email("browser")
        created = httpx.post(
            f"{url}/auth/register", json={"email": address, "password": PASSWORD}, timeout=30
        )
        assert created.status_code == 201, f"registering the user should work: {created.text}"
        yield url, address


@pytest.fixture
def page() -> Iterator[Page]:
    """A page of headless Debian chromium, with bounded timeouts."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], timeout=TIMEOUT_MS
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def _open_docs(page: Page, url: str) -> list[str]:
    """Load /docs with the network guard on; wait until the operations are rendered."""
    attempted = _offline(page)
    answer = page.goto(f"{url}/docs", wait_until="load")
    assert answer is not None and answer.status == 200, "GET /docs should answer 200"
    page.locator("#operations-users-read_me_users_me_get").wait_for()
    return attempted


def _call_users_me(page: Page) -> tuple[str, str]:
    """Expand GET /users/me, Try it out, Execute: the status and body the UI shows."""
    operation = page.locator("#operations-users-read_me_users_me_get")
    operation.locator(".opblock-summary").first.click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    body = operation.locator(".live-responses-table .response-col_description pre").first
    return status.inner_text().strip(), body.inner_text()


def test_swagger_ui_loads_offline_authorizes_and_calls_users_me(
    server: tuple[str, str], page: Page
) -> None:
    """Authorize with the OAuth2 password form, then GET /users/me answers 200 with the user."""
    url, address = server
    attempted = _open_docs(page, url)
    page.locator("button.authorize").first.click()
    dialog = page.locator(".dialog-ux .modal-ux")
    dialog.locator("#oauth_username").fill(address)
    dialog.locator("#oauth_password").fill(PASSWORD)
    dialog.locator(".auth-btn-wrapper button.authorize").click()
    # Swagger UI shows "Authorized" (and a Logout button) once POST /auth/token succeeded.
    dialog.locator("h6", has_text="Authorized").wait_for()
    dialog.locator("button.btn-done").click()

    status, body = _call_users_me(page)

    assert status == "200", f"GET /users/me after Authorize should be 200, the UI shows {status}"
    assert address in body, f"the response should name the user {address}; it shows {body!r}"
    assert attempted == [], f"the docs page must stay on loopback; it tried {attempted}"


def test_swagger_ui_without_authorizing_shows_401(server: tuple[str, str], page: Page) -> None:
    """Without Authorize, the same call shows the API's 401."""
    url, _ = server
    attempted = _open_docs(page, url)

    status, body = _call_users_me(page)

    assert status == "401", f"GET /users/me without a token should be 401; the UI shows {status}"
    assert "Log in first" in body, f"the 401 body should say how to log in: {body!r}"
    assert attempted == [], f"the docs page must stay on loopback; it tried {attempted}"
