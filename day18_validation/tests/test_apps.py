"""Both apps over HTTP: day 11's Flask app on marshmallow and the FastAPI twin on pydantic.

Every test here runs on each framework (the `api` fixture) and on each database backend:
the same requests must get the same statuses and the same problem+json errors.
"""

from __future__ import annotations

from typing import Any

import pytest

from day18_validation.tests.conftest import AppMaker
from day18_validation.tests.helpers import VALID_BOOK, Api, isbn13

SHELF = {
    "name": "Ursula K. Le Guin",
    "books": [
        {"title": "A Wizard of Earthsea", "year": 1968, "isbn": isbn13(1)},
        {"title": "The Dispossessed", "year": 1974, "isbn": isbn13(2), "copies": 3},
    ],
}


def add_book(api: Api, **fields: Any) -> dict[str, Any]:
    reply = api.call("post", "/books", json=VALID_BOOK | fields)
    assert reply.status == 201, reply.body
    book: dict[str, Any] = reply.json
    return book


def test_a_valid_book_is_created_with_its_clean_values(api: Api) -> None:
    reply = api.call("post", "/books", json=VALID_BOOK | {"title": "  Dune "})
    assert reply.status == 201, reply.body
    assert reply.json["title"] == "Dune", "the validator's trimmed title is what is stored"
    assert reply.json["isbn"] == "9780441013593", "the ISBN is stored compacted"
    assert reply.headers["location"] == f"/books/{reply.json['id']}"
    assert reply.json["copies"] == 1 and reply.json["available"] == 1, "copies defaults to 1"


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"year": "1965"}, ["year"]),
        ({"year": True}, ["year"]),
        ({"isbn": "978-0-441-01359-4"}, ["isbn"]),
        ({"id": 3}, ["id"]),
        ({"subtitle": "x", "copies": "2"}, ["copies", "subtitle"]),
    ],
    ids=[
        "year-as-string",
        "year-as-true",
        "isbn-check-digit",
        "dump-only-id",
        "unknown-and-string",
    ],
)
def test_an_invalid_book_is_a_422_problem_naming_each_field(
    api: Api, change: dict[str, Any], fields: list[str]
) -> None:
    reply = api.call("post", "/books", json=VALID_BOOK | change)
    assert reply.status == 422, f"{api.framework}: {change} must be refused"
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json["status"] == 422 and reply.json["title"] == "Unprocessable Entity"
    assert reply.fields == fields, "the error names exactly the fields that are wrong"


def test_a_patch_changes_only_the_fields_sent(api: Api) -> None:
    book = add_book(api)
    reply = api.call("patch", f"/books/{book['id']}", json={"copies": 4})
    assert reply.status == 200
    assert reply.json == book | {"copies": 4, "available": 4}, "only copies changed"
    assert api.call("patch", f"/books/{book['id']}", json={"title": None}).fields == ["title"]


@pytest.mark.parametrize(
    ("headers", "data", "status"),
    [
        ({"Content-Type": "text/plain"}, b"{}", 415),
        ({"Content-Type": "application/json"}, b"{", 400),
        ({"Content-Type": "application/json"}, b" " * (65 * 1024), 413),
        ({"Content-Type": "application/json", "Accept": "text/html"}, b"{}", 406),
    ],
    ids=["not-json-415", "bad-json-400", "too-large-413", "accept-html-406"],
)
def test_bodies_that_are_not_json_get_day_11s_statuses(
    api: Api, headers: dict[str, str], data: bytes, status: int
) -> None:
    reply = api.call("post", "/books", data=data, headers=headers)
    assert reply.status == status, f"{api.framework} must answer {status}"
    assert reply.headers["content-type"] == "application/problem+json"


def test_an_author_with_their_books_is_created_in_one_request_and_read_back_nested(
    api: Api,
) -> None:
    reply = api.call("post", "/authors/with-books", json=SHELF)
    assert reply.status == 201, reply.body
    shelf = reply.json
    assert [b["title"] for b in shelf["books"]] == ["A Wizard of Earthsea", "The Dispossessed"]
    assert all(b["author"] == SHELF["name"] for b in shelf["books"]), "each book names its author"
    assert shelf["books"][0]["copies"] == 1, "a nested book gets its default too"
    assert reply.headers["location"] == f"/authors/{shelf['id']}/with-books"
    again = api.call("get", reply.headers["location"])
    assert again.status == 200 and again.json == shelf, "GET shows what POST created"
    assert again.headers["etag"] == reply.headers["etag"], "same bytes, same ETag"


def test_a_nested_error_names_the_books_path(api: Api) -> None:
    body = SHELF | {"books": [SHELF["books"][0], {"title": "X", "year": "1970", "isbn": "1"}]}
    reply = api.call("post", "/authors/with-books", json=body)
    assert reply.status == 422
    assert reply.fields == ["books.1.isbn", "books.1.year"]


def test_a_taken_isbn_in_a_shelf_is_a_409_and_nothing_is_kept(api: Api) -> None:
    add_book(api, isbn=SHELF["books"][1]["isbn"])
    reply = api.call("post", "/authors/with-books", json=SHELF)
    assert reply.status == 409, "the second book's ISBN is taken"
    authors = api.call("get", "/authors?q=Le%20Guin").json["items"]
    assert authors == [], "the author made before the conflict was rolled back"


def test_a_loan_is_read_with_its_book_nested_and_its_time_in_utc(api: Api) -> None:
    book = add_book(api, copies=2)
    loan = api.call("post", "/loans", json={"book_id": book["id"], "borrower": "Ada"}).json
    reply = api.call("get", f"/loans/{loan['id']}/with-book")
    assert reply.status == 200
    nested = reply.json
    assert list(nested) == ["id", "borrower", "lent_at", "returned_at", "book"]
    assert nested["book"] == book | {"available": 1}, "the book as GET /books/{id} shows it"
    assert nested["lent_at"] == loan["lent_at"] and nested["lent_at"].endswith("Z")
    assert api.call("get", "/loans/999999/with-book").status == 404


def test_returning_a_copy_takes_only_true(api: Api) -> None:
    book = add_book(api)
    loan = api.call("post", "/loans", json={"book_id": book["id"], "borrower": "Ada"}).json
    assert api.call("patch", f"/loans/{loan['id']}", json={"returned": 1}).fields == ["returned"]
    reply = api.call("patch", f"/loans/{loan['id']}", json={"returned": True})
    assert reply.status == 200 and reply.json["returned_at"].endswith("Z")
    assert api.call("patch", f"/loans/{loan['id']}", json={"returned": True}).status == 409


def test_conditional_requests_work_as_in_day_11(api: Api) -> None:
    book = add_book(api)
    url = f"/books/{book['id']}"
    etag = api.call("get", url).headers["etag"]
    assert api.call("get", url, headers={"If-None-Match": etag}).status == 304
    stale = api.call("patch", url, json={"copies": 2}, headers={"If-Match": '"stale"'})
    assert stale.status == 412, "a stale If-Match is refused"
    assert api.call("patch", url, json={"copies": 2}, headers={"If-Match": etag}).status == 200


def test_if_match_can_be_required(make_api: AppMaker) -> None:
    api = make_api(day11_require_if_match=True)
    book = add_book(api)
    assert api.call("delete", f"/books/{book['id']}").status == 428


def test_unknown_ids_and_paths_are_404_problems(api: Api) -> None:
    for path in ("/books/abc", "/books/-1", "/books/99999999999999999999", "/authors/7"):
        reply = api.call("get", path)
        assert reply.status == 404, f"{api.framework}: {path}"
        assert reply.headers["content-type"] == "application/problem+json"


def test_a_wrong_method_is_405_with_allow(api: Api) -> None:
    reply = api.call("put", "/books")
    assert reply.status == 405
    assert {"GET", "POST"} <= {m.strip() for m in reply.headers["allow"].split(",")}


def test_pages_carry_next_links_in_the_body_and_the_link_header(api: Api) -> None:
    for n in range(3):
        add_book(api, title=f"Book {n}", isbn=isbn13(100 + n))
    first = api.call("get", "/books?limit=2&sort=-title")
    assert [b["title"] for b in first.json["items"]] == ["Book 2", "Book 1"]
    assert first.headers["link"] == f'<{first.json["next"]}>; rel="next"'
    second = api.call("get", first.json["next"])
    assert [b["title"] for b in second.json["items"]] == ["Book 0"]
    assert api.call("get", "/books?limit=0").fields == ["limit"], "day 11's query checks"


def test_both_apps_serve_the_merged_contract(api: Api) -> None:
    contract = api.call("get", "/openapi.json").json
    assert "/authors/with-books" in contract["paths"], "day 18's nested routes are documented"
    assert "BookCreate" in contract["components"]["schemas"], "day 11's schemas are kept"
