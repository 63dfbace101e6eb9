"""Conditional requests: strong ETags, 304 on If-None-Match, 412 on a stale If-Match, 428."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from day11_rest_library.tests.conftest import AppFactory
from day11_rest_library.tests.helpers import add_book, lend


@pytest.mark.parametrize(
    "path",
    ["/books/{id}", "/books", "/authors", "/loans", "/openapi.json"],
    ids=["a-book", "books", "authors", "loans", "contract"],
)
def test_every_representation_has_a_strong_etag(client: FlaskClient, path: str) -> None:
    book = add_book(client)
    response = client.get(path.format(id=book["id"]))
    tag = response.headers.get("ETag", "")
    assert tag.startswith('"') and tag.endswith('"'), f"a strong ETag is quoted, no W/: {tag!r}"


def test_get_with_current_etag_returns_304_without_a_body(client: FlaskClient) -> None:
    book = add_book(client)
    first = client.get(f"/books/{book['id']}")
    again = client.get(f"/books/{book['id']}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304, "the client's copy is current: nothing to send again"
    assert again.data == b"" and again.headers["ETag"] == first.headers["ETag"]


def test_collection_with_current_etag_returns_304(client: FlaskClient) -> None:
    add_book(client)
    first = client.get("/books")
    again = client.get("/books", headers={"If-None-Match": f'"other", {first.headers["ETag"]}'})
    assert again.status_code == 304


def test_etag_changes_when_the_resource_changes(client: FlaskClient) -> None:
    book = add_book(client)
    before = client.get(f"/books/{book['id']}").headers["ETag"]
    client.patch(f"/books/{book['id']}", json={"year": 1999})
    after = client.get(f"/books/{book['id']}", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_lending_a_copy_changes_the_books_etag(client: FlaskClient) -> None:
    book = add_book(client)
    before = client.get(f"/books/{book['id']}").headers["ETag"]
    lend(client, book["id"])
    assert client.get(f"/books/{book['id']}").headers["ETag"] != before, "available changed"


def test_write_answers_carry_the_new_etag(client: FlaskClient) -> None:
    book = add_book(client)
    changed = client.patch(f"/books/{book['id']}", json={"year": 1999})
    assert changed.headers["ETag"] == client.get(f"/books/{book['id']}").headers["ETag"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_stale_if_match_returns_412_and_changes_nothing(client: FlaskClient, method: str) -> None:
    book = add_book(client)
    body = (
        {"title": "X", "author": "Y", "year": 2000, "isbn": book["isbn"]}
        if method != "DELETE"
        else None
    )
    response = client.open(
        f"/books/{book['id']}", method=method, json=body, headers={"If-Match": '"stale"'}
    )
    assert response.status_code == 412, "If-Match names a version the book no longer has"
    assert client.get(f"/books/{book['id']}").get_json() == book, "nothing changed"


def test_current_if_match_lets_the_change_through(client: FlaskClient) -> None:
    book = add_book(client)
    tag = client.get(f"/books/{book['id']}").headers["ETag"]
    response = client.patch(f"/books/{book['id']}", json={"copies": 5}, headers={"If-Match": tag})
    assert response.status_code == 200


def test_if_match_star_means_any_current_version(client: FlaskClient) -> None:
    book = add_book(client)
    assert client.delete(f"/books/{book['id']}", headers={"If-Match": "*"}).status_code == 204


def test_two_clients_cannot_lose_each_others_update(app: Flask) -> None:
    """Two clients read the same version; the second writer gets 412, not a silent overwrite."""
    alice, bob = app.test_client(), app.test_client()
    book = add_book(alice, copies=1)
    url = f"/books/{book['id']}"
    seen_by_alice = alice.get(url).headers["ETag"]
    seen_by_bob = bob.get(url).headers["ETag"]
    assert (
        alice.patch(url, json={"copies": 3}, headers={"If-Match": seen_by_alice}).status_code == 200
    )
    late = bob.patch(url, json={"title": "Bob's title"}, headers={"If-Match": seen_by_bob})
    assert late.status_code == 412, (
        "Bob read the book before Alice changed it: his write is refused"
    )
    assert bob.get(url).get_json()["copies"] == 3, "Alice's update survived"


def test_without_if_match_the_second_writer_overwrites(app: Flask) -> None:
    """The problem If-Match solves: two full replacements, the first one is lost."""
    alice, bob = app.test_client(), app.test_client()
    book = add_book(alice)
    url = f"/books/{book['id']}"
    full = {k: book[k] for k in ("title", "author", "year", "isbn")}
    alice.put(url, json=full | {"copies": 3})
    bob.put(url, json=full | {"title": "Bob's title"})
    assert bob.get(url).get_json()["copies"] == 1, "Alice's copies: 3 is gone"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_required_if_match_missing_returns_428(make_app: AppFactory, method: str) -> None:
    client = make_app(day11_require_if_match=True).test_client()
    book = add_book(client)
    body = (
        {"title": "X", "author": "Y", "year": 2000, "isbn": book["isbn"]}
        if method != "DELETE"
        else None
    )
    response = client.open(f"/books/{book['id']}", method=method, json=body)
    assert response.status_code == 428, "this server requires If-Match on every change"
    tag = client.get(f"/books/{book['id']}").headers["ETag"]
    allowed = client.open(
        f"/books/{book['id']}", method=method, json=body, headers={"If-Match": tag}
    )
    assert allowed.status_code in (200, 204)
