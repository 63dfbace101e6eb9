"""HTTP's own rules: status codes, Allow, media types, HEAD, OPTIONS and problem+json errors."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from day11_rest_library import Settings, create_app
from day11_rest_library.tests.helpers import VALID_BOOK, LintingClient, add_book

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    "path",
    [
        "/books/424242",
        "/books/abc",
        "/books/-1",
        "/books/0",
        "/books/99999999999999999999",
        "/books/1.5",
        "/authors/abc",
        "/loans/-3",
    ],
    ids=[
        "unknown-id",
        "letters",
        "negative",
        "zero",
        "beyond-32-bits",
        "decimal",
        "author-letters",
        "loan-negative",
    ],
)
def test_unknown_or_malformed_ids_return_404_problem(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, f"{path} names no resource: 404, never 400 or 500"
    assert response.mimetype == PROBLEM, "every error, werkzeug's own 404 too, is problem+json"
    problem = response.get_json()
    assert problem["status"] == 404 and problem["title"] == "Not Found"


def test_unknown_url_returns_404_problem(client: FlaskClient) -> None:
    response = client.get("/shelves")
    assert response.status_code == 404 and response.mimetype == PROBLEM


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/books", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("POST", "/books/1", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}),
        ("PATCH", "/authors/1", {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}),
        ("DELETE", "/loans/1", {"GET", "HEAD", "OPTIONS", "PATCH"}),
    ],
    ids=["delete-books", "post-a-book", "patch-an-author", "delete-a-loan"],
)
def test_wrong_method_returns_405_with_allow(
    client: FlaskClient, method: str, path: str, allowed: set[str]
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.mimetype == PROBLEM
    sent = {m.strip() for m in response.headers["Allow"].split(",")}
    assert sent == allowed, f"Allow lists the methods {path} does take: {sorted(allowed)}"


def test_non_json_body_returns_415(client: FlaskClient) -> None:
    response = client.post(
        "/books", data="title=Dune", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415 and response.mimetype == PROBLEM


def test_body_without_content_type_returns_415(client: FlaskClient) -> None:
    response = client.post("/books", data=b'{"title": "Dune"}')
    assert response.status_code == 415


def test_broken_json_returns_400(client: FlaskClient) -> None:
    response = client.post("/books", data='{"title": ', content_type="application/json")
    assert response.status_code == 400 and response.mimetype == PROBLEM


def test_body_over_64_kib_returns_413(client: FlaskClient) -> None:
    response = client.post(
        "/books", data=b"[" + b"1," * 40_000 + b"1]", content_type="application/json"
    )
    assert response.status_code == 413 and response.mimetype == PROBLEM


@pytest.mark.parametrize(
    "accept", ["text/html", "application/xml", "image/*"], ids=["html", "xml", "images"]
)
def test_unacceptable_accept_returns_406(client: FlaskClient, accept: str) -> None:
    response = client.get("/books", headers={"Accept": accept})
    assert response.status_code == 406, (
        "the API answers JSON only; a client that refuses it gets 406"
    )
    assert response.mimetype == PROBLEM


@pytest.mark.parametrize(
    "accept",
    ["application/json", "*/*", "application/*", "text/html, application/json;q=0.5"],
    ids=["json", "anything", "any-application", "json-as-second-choice"],
)
def test_accept_that_allows_json_is_served(client: FlaskClient, accept: str) -> None:
    assert client.get("/books", headers={"Accept": accept}).status_code == 200


def test_head_sends_the_headers_of_get_without_a_body(client: FlaskClient) -> None:
    book = add_book(client)
    get = client.get(f"/books/{book['id']}")
    head = client.head(f"/books/{book['id']}")
    assert head.status_code == 200 and head.data == b""
    for name in ("Content-Type", "Content-Length", "ETag"):
        assert head.headers[name] == get.headers[name], f"HEAD's {name} is GET's"


def test_options_lists_the_allowed_methods(client: FlaskClient) -> None:
    response = client.options("/books")
    assert response.status_code == 200
    assert {m.strip() for m in response.headers["Allow"].split(",")} == {
        "GET",
        "HEAD",
        "OPTIONS",
        "POST",
    }


def test_created_book_has_location_that_resolves(client: FlaskClient) -> None:
    response = client.post("/books", json=VALID_BOOK)
    assert client.get(response.headers["Location"]).status_code == 200


def test_error_bodies_are_rfc9457_problems(client: FlaskClient) -> None:
    problem = client.get("/books/9").get_json()
    assert set(problem) >= {"type", "title", "status", "detail"}
    assert problem["type"] == "about:blank"


def test_unexpected_error_returns_500_problem(app: Flask) -> None:
    """Even a bug answers problem+json (and no traceback reaches the client)."""

    def broken() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", "broken", broken)
    response = FlaskClient(app).get("/broken")  # the plain client: 500 is this test's point
    assert response.status_code == 500 and response.mimetype == PROBLEM
    assert "a bug" not in response.get_data(as_text=True), "internals stay on the server"


def test_database_down_returns_503_problem() -> None:
    """An unreachable database is a 503 the client can retry, not a 500."""
    url = "postgresql+psycopg://postgres@127.0.0.1:1/library?connect_timeout=2"
    app = create_app(Settings(database_url=url))
    app.test_client_class = LintingClient
    response = app.test_client().get("/books")
    assert response.status_code == 503 and response.mimetype == PROBLEM


def test_database_down_is_a_503_on_the_routes_without_a_session_too() -> None:
    """GET /books/<id> and POST /books skip the session: an outage is still a 503 there."""
    url = "postgresql+psycopg://postgres@127.0.0.1:1/library?connect_timeout=2"
    app = create_app(Settings(database_url=url))
    app.test_client_class = LintingClient
    client = app.test_client()
    for response in (client.get("/books/1"), client.post("/books", json=VALID_BOOK)):
        assert response.status_code == 503 and response.mimetype == PROBLEM, (
            f"{response.request.method} {response.request.path}: {response.status_code}"
        )
