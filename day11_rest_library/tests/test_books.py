"""/books and /books/<id>: create, read, replace, change and delete, with day 3's rules."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from day11_rest_library.tests.helpers import VALID_BOOK, add_book, book_body, isbn13, lend


def test_create_book_returns_201_with_location_and_the_book(client: FlaskClient) -> None:
    response = client.post("/books", json=VALID_BOOK | {"copies": 2})
    assert response.status_code == 201, response.get_data(as_text=True)
    book = response.get_json()
    assert response.headers["Location"] == f"/books/{book['id']}", (
        "a 201 names the new resource's URL in Location"
    )
    assert book == {
        "id": book["id"],
        "title": "Dune",
        "author": "Frank Herbert",
        "author_id": book["author_id"],
        "year": 1965,
        "isbn": "9780441013593",
        "copies": 2,
        "available": 2,
    }, "the ISBN is stored without hyphens (day 3's normalize_isbn), copies all free"
    assert client.get(response.headers["Location"]).get_json() == book


def test_copies_default_to_one(client: FlaskClient) -> None:
    assert add_book(client)["copies"] == 1


def test_a_whole_decimal_number_is_an_integer(client: FlaskClient) -> None:
    """JSON has one number type: 1965.0 is the year 1965 (as JSON Schema says)."""
    book = add_book(client, year=1965.0, copies=2.0)
    assert (book["year"], book["copies"]) == (1965, 2)


def test_create_book_links_its_author_by_name(client: FlaskClient) -> None:
    first = add_book(client, 1, author="Octavia E. Butler")
    second = add_book(client, 2, author="Octavia E. Butler")
    assert first["author_id"] == second["author_id"], "one author, found by name"
    author = client.get(f"/authors/{first['author_id']}").get_json()
    assert author == {"id": first["author_id"], "name": "Octavia E. Butler"}


def test_text_is_trimmed(client: FlaskClient) -> None:
    book = add_book(client, title="  Kindred  ", author=" Octavia E. Butler ")
    assert (book["title"], book["author"]) == ("Kindred", "Octavia E. Butler")


@pytest.mark.parametrize("isbn", ["9780441013593", "978 0 441 01359 3"], ids=["compact", "spaces"])
def test_create_book_with_a_taken_isbn_returns_409(client: FlaskClient, isbn: str) -> None:
    client.post("/books", json=VALID_BOOK)
    response = client.post("/books", json=VALID_BOOK | {"title": "Dune (again)", "isbn": isbn})
    assert response.status_code == 409, "an ISBN names one book: the same ISBN again conflicts"
    assert response.mimetype == "application/problem+json"
    assert "9780441013593" in response.get_json()["detail"]


def test_get_book_returns_it(client: FlaskClient) -> None:
    book = add_book(client)
    response = client.get(f"/books/{book['id']}")
    assert response.status_code == 200
    assert response.get_json() == book


def test_put_replaces_every_field(client: FlaskClient) -> None:
    book = add_book(client, copies=3)
    new = {"title": "Dune Messiah", "author": "Frank Herbert", "year": 1969, "isbn": isbn13(77)}
    response = client.put(f"/books/{book['id']}", json=new)
    assert response.status_code == 200, response.get_data(as_text=True)
    replaced = response.get_json()
    assert replaced["title"] == "Dune Messiah" and replaced["year"] == 1969
    assert replaced["copies"] == 1, "PUT replaces the whole book: a left-out copies is 1 again"
    assert replaced["author"] == "Frank Herbert" and replaced["author_id"] != book["author_id"]


def test_put_without_every_field_returns_422(client: FlaskClient) -> None:
    book = add_book(client)
    response = client.put(f"/books/{book['id']}", json={"title": "Only a title"})
    assert response.status_code == 422, "PUT sends the whole resource; PATCH sends some fields"
    fields = {error["field"] for error in response.get_json()["errors"]}
    assert fields == {"author", "year", "isbn"}


def test_patch_changes_only_the_fields_sent(client: FlaskClient) -> None:
    book = add_book(client)
    response = client.patch(f"/books/{book['id']}", json={"year": 2001, "copies": 4})
    assert response.status_code == 200
    assert response.get_json() == book | {"year": 2001, "copies": 4, "available": 4}


def test_patch_author_moves_the_book_to_that_author(client: FlaskClient) -> None:
    book = add_book(client)
    moved = client.patch(f"/books/{book['id']}", json={"author": "Someone Else"}).get_json()
    assert moved["author"] == "Someone Else" and moved["author_id"] != book["author_id"]


def test_patch_to_a_taken_isbn_returns_409(client: FlaskClient) -> None:
    add_book(client, 1)
    second = add_book(client, 2)
    response = client.patch(f"/books/{second['id']}", json={"isbn": isbn13(1)})
    assert response.status_code == 409
    assert client.get(f"/books/{second['id']}").get_json() == second, "nothing changed"


def test_fewer_copies_than_are_lent_out_returns_409(client: FlaskClient) -> None:
    book = add_book(client, copies=2)
    lend(client, book["id"])
    lend(client, book["id"])
    response = client.patch(f"/books/{book['id']}", json={"copies": 1})
    assert response.status_code == 409, "two copies are out: the library cannot own only one"


def test_delete_book_returns_204_then_404(client: FlaskClient) -> None:
    book = add_book(client)
    response = client.delete(f"/books/{book['id']}")
    assert response.status_code == 204 and response.data == b""
    assert "Content-Type" not in response.headers, "no body, so no media type"
    assert client.get(f"/books/{book['id']}").status_code == 404
    assert client.delete(f"/books/{book['id']}").status_code == 404


def test_delete_unknown_book_returns_404(client: FlaskClient) -> None:
    response = client.delete("/books/424242")
    assert response.status_code == 404
    assert response.get_json()["detail"] == "No book has the id 424242."


INVALID_BODIES: list[Any] = [
    pytest.param({k: v for k, v in VALID_BOOK.items() if k != "isbn"}, "isbn", id="missing-isbn"),
    pytest.param(VALID_BOOK | {"publisher": "Chilton"}, "publisher", id="unknown-field"),
    pytest.param(VALID_BOOK | {"year": "1965"}, "year", id="year-as-text"),
    pytest.param(VALID_BOOK | {"year": 1965.5}, "year", id="year-with-a-fraction"),
    pytest.param(VALID_BOOK | {"year": True}, "year", id="year-as-boolean"),
    pytest.param(VALID_BOOK | {"year": 1200}, "year", id="year-before-printing"),
    pytest.param(VALID_BOOK | {"year": 3000}, "year", id="year-after-next-year"),
    pytest.param(VALID_BOOK | {"isbn": "978-0-441-01359-4"}, "isbn", id="isbn-bad-check-digit"),
    pytest.param(VALID_BOOK | {"title": "   "}, "title", id="blank-title"),
    pytest.param(VALID_BOOK | {"title": "Du\u0000ne"}, "title", id="nul-in-title"),
    pytest.param(VALID_BOOK | {"author": "\ud800"}, "author", id="lone-surrogate-author"),
    pytest.param(VALID_BOOK | {"title": "x" * 301}, "title", id="title-too-long"),
    pytest.param(VALID_BOOK | {"copies": -1}, "copies", id="negative-copies"),
    pytest.param(VALID_BOOK | {"copies": 1.5}, "copies", id="copies-as-decimal"),
    pytest.param([VALID_BOOK], "body", id="array-body"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_BODIES)
def test_invalid_book_returns_422_naming_the_field(
    client: FlaskClient, body: Any, field: str
) -> None:
    response = client.post("/books", json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    fields = [error["field"] for error in problem["errors"]]
    assert field in fields, f"the 422 should name {field!r} in errors, it named {fields}"
    assert client.get("/books").get_json()["items"] == [], "nothing was stored"


def test_every_problem_of_a_body_is_reported_at_once(client: FlaskClient) -> None:
    response = client.post("/books", json={"title": "", "year": "x", "extra": 1})
    fields = sorted(error["field"] for error in response.get_json()["errors"])
    assert fields == ["author", "extra", "isbn", "title", "year"]


def test_many_books_get_distinct_ids(client: FlaskClient) -> None:
    ids = {add_book(client, n)["id"] for n in range(5)}
    assert len(ids) == 5
    assert all(client.get(f"/books/{i}").status_code == 200 for i in ids)
    assert book_body(1) != book_body(2)
