"""Every route through Flask's test client: success paths, then every way a client can be wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from day03_flask_crud import SAMPLE_BOOKS, BookStore, MemoryBookStore, create_app
from day03_flask_crud.tests.helpers import VALID_BOOK

PROBLEM = "application/problem+json"
JSON = "application/json"


def assert_problem(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """An error is problem+json with the right status and names every offending field."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.mimetype == PROBLEM, "errors must be application/problem+json (RFC 9457)"
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    for field in fields:
        assert field in body["detail"], f"the detail should name {field!r}: {body['detail']}"
    return body


# --- success paths ---------------------------------------------------------------------------


def test_add_returns_201_the_new_book_and_its_location(client: FlaskClient) -> None:
    response = client.post("/add", json=VALID_BOOK)
    assert response.status_code == 201
    assert response.get_json() == {
        "id": 4,
        "title": "Clean Architecture",
        "author": "Robert C. Martin",
        "year": 2017,
        "isbn": "9780134494166",
    }, "the new book gets the next id and its ISBN is stored without hyphens"
    assert response.headers["Location"] == "/view/4"
    assert client.get(response.headers["Location"]).get_json()["title"] == "Clean Architecture"


def test_add_trims_surrounding_spaces_from_text_fields(client: FlaskClient) -> None:
    response = client.post("/add", json={**VALID_BOOK, "title": "  Spaced  "})
    assert response.get_json()["title"] == "Spaced"


def test_view_lists_books_in_id_order_with_paging_info(client: FlaskClient) -> None:
    response = client.get("/view")
    assert response.status_code == 200
    body = response.get_json()
    assert [book["id"] for book in body["items"]] == [1, 2, 3]
    assert {k: v for k, v in body.items() if k != "items"} == {
        "q": "",
        "page": 1,
        "per_page": 20,
        "total": 3,
        "pages": 1,
    }


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        pytest.param("python", ["Fluent Python"], id="title-word"),
        pytest.param("KERNIGHAN", ["The C Programming Language"], id="author-any-case"),
        pytest.param(
            "  programs ",
            ["Structure and Interpretation of Computer Programs"],
            id="spaces-trimmed",
        ),
        pytest.param("no such book", [], id="no-match"),
    ],
)
def test_view_search_matches_title_or_author_ignoring_case(
    client: FlaskClient, query: str, titles: list[str]
) -> None:
    body = client.get("/view", query_string={"q": query}).get_json()
    assert [book["title"] for book in body["items"]] == titles, f"?q={query!r} finds {titles}"
    assert body["total"] == len(titles), "total counts the matches, not every book"


@pytest.mark.parametrize(
    ("page", "ids", "pages"),
    [
        pytest.param("1", [1, 2], 2, id="first-page"),
        pytest.param("2", [3], 2, id="last-page"),
        pytest.param("3", [], 2, id="past-the-end-is-empty"),
    ],
)
def test_view_pages_through_the_books(
    client: FlaskClient, page: str, ids: list[int], pages: int
) -> None:
    body = client.get("/view", query_string={"page": page, "per_page": "2"}).get_json()
    assert [book["id"] for book in body["items"]] == ids
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (
        int(page),
        2,
        3,
        pages,
    )


def test_view_one_book_by_id(client: FlaskClient) -> None:
    response = client.get("/view/3")
    assert response.status_code == 200
    assert response.get_json() == {"id": 3, **vars_of(SAMPLE_BOOKS[2])}


def test_put_replaces_every_field(client: FlaskClient) -> None:
    response = client.put("/edit/1", json=VALID_BOOK)
    assert response.status_code == 200
    assert response.get_json() == {**VALID_BOOK, "id": 1, "isbn": "9780134494166"}
    assert client.get("/view/1").get_json() == response.get_json(), "PUT must be stored"


def test_patch_changes_only_the_fields_sent(client: FlaskClient) -> None:
    response = client.patch("/edit/2", json={"year": 1985})
    assert response.status_code == 200
    assert response.get_json() == {"id": 2, **vars_of(SAMPLE_BOOKS[1]), "year": 1985}


def test_patch_with_an_empty_object_changes_nothing(client: FlaskClient) -> None:
    before = client.get("/view/2").get_json()
    assert client.patch("/edit/2", json={}).get_json() == before


def test_delete_returns_204_and_the_book_is_gone(client: FlaskClient, store: BookStore) -> None:
    response = client.delete("/delete/2")
    assert response.status_code == 204
    assert response.data == b"", "204 means no body"
    assert "Content-Type" not in response.headers, "no body, so no media type"
    assert client.get("/view/2").status_code == 404
    assert [book.id for book in store.search().items] == [1, 3]


def test_deleted_ids_are_never_reused(client: FlaskClient) -> None:
    client.delete("/delete/3")
    assert client.post("/add", json=VALID_BOOK).get_json()["id"] == 4


def test_an_app_without_seeding_starts_empty() -> None:
    body = create_app({"TESTING": True}).test_client().get("/view").get_json()
    assert body["items"] == [] and body["total"] == 0 and body["pages"] == 0


def test_two_apps_never_share_books(app: Flask) -> None:
    other = create_app({"TESTING": True})
    app.test_client().post("/add", json=VALID_BOOK)
    assert other.test_client().get("/view").get_json()["total"] == 0, "the store is per app"


# --- client errors ---------------------------------------------------------------------------

BAD_BODIES = [
    pytest.param({**VALID_BOOK, "year": True}, ["year"], id="bool-is-not-an-int"),
    pytest.param({**VALID_BOOK, "year": "2017"}, ["year"], id="year-as-string"),
    pytest.param({**VALID_BOOK, "year": 2017.0}, ["year"], id="year-as-float"),
    pytest.param({**VALID_BOOK, "year": 1200}, ["year"], id="year-too-early"),
    pytest.param({**VALID_BOOK, "year": 99999}, ["year"], id="year-in-the-future"),
    pytest.param({**VALID_BOOK, "title": None}, ["title"], id="title-null"),
    pytest.param({**VALID_BOOK, "title": "   "}, ["title"], id="title-blank"),
    pytest.param({**VALID_BOOK, "author": "a" * 301}, ["author"], id="author-too-long"),
    pytest.param({**VALID_BOOK, "author": ["x"]}, ["author"], id="author-as-array"),
    pytest.param({**VALID_BOOK, "isbn": "9780134494167"}, ["isbn"], id="isbn-bad-checksum"),
    pytest.param({**VALID_BOOK, "isbn": 9780134494166}, ["isbn"], id="isbn-as-number"),
    pytest.param({**VALID_BOOK, "price": 10}, ["price"], id="unknown-field"),
    pytest.param({"title": "Only a title"}, ["author", "year", "isbn"], id="missing-fields"),
    pytest.param([VALID_BOOK], ["body"], id="array-body"),
    pytest.param("x", ["body"], id="string-body"),
    pytest.param(None, ["body"], id="null-body"),
]


@pytest.mark.parametrize(("body", "fields"), BAD_BODIES)
@pytest.mark.parametrize(
    ("method", "url"), [("POST", "/add"), ("PUT", "/edit/1")], ids=["add", "put"]
)
def test_invalid_book_is_422_naming_each_bad_field(
    client: FlaskClient, method: str, url: str, body: Any, fields: list[str]
) -> None:
    data = json.dumps(body)  # json=None would send no body at all
    response = client.open(url, method=method, data=data, content_type="application/json")
    problem = assert_problem(response, 422, *fields)
    assert [e["field"] for e in problem["errors"]] == fields
    assert client.get("/view").get_json()["total"] == 3, "a rejected request changes nothing"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"year": False}, "year", id="bool-year"),
        pytest.param({"isbn": "123"}, "isbn", id="bad-isbn"),
        pytest.param({"id": 9}, "id", id="id-is-not-editable"),
        pytest.param([], "body", id="array-body"),
    ],
)
def test_invalid_patch_is_422_naming_the_field(client: FlaskClient, body: Any, field: str) -> None:
    assert_problem(client.patch("/edit/1", json=body), 422, field)


BAD_JSON = [
    pytest.param(b"", id="empty"),
    pytest.param(b'{"title": ', id="truncated"),
    pytest.param(b"{'title': 'single quotes'}", id="not-json"),
    pytest.param(b"\xff\xfe\xfa", id="not-utf8"),
    pytest.param(b'{"year": 1' + b"0" * 5000 + b"}", id="number-too-long"),
    pytest.param(b"[" * 30000, id="nested-too-deep"),
]


@pytest.mark.parametrize("data", BAD_JSON)
@pytest.mark.parametrize(
    ("method", "url"),
    [("POST", "/add"), ("PUT", "/edit/1"), ("PATCH", "/edit/1")],
    ids=["add", "put", "patch"],
)
def test_broken_json_is_400(client: FlaskClient, method: str, url: str, data: bytes) -> None:
    response = client.open(url, method=method, data=data, content_type="application/json")
    assert_problem(response, 400, "not valid JSON")


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/xml"],
    ids=["none", "text", "form", "xml"],
)
def test_a_body_that_is_not_declared_json_is_415(
    client: FlaskClient, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/add", data=b'{"title": "x"}', headers=headers)
    assert_problem(response, 415, "application/json")


def test_json_with_a_charset_parameter_is_accepted(client: FlaskClient) -> None:
    data = b'{"title": "T", "author": "A", "year": 2000, "isbn": "0262510871"}'
    response = client.post("/add", data=data, content_type="application/json; charset=utf-8")
    assert response.status_code == 201


def test_a_huge_body_is_413(client: FlaskClient) -> None:
    response = client.post("/add", data=b" " * 100_000, content_type="application/json")
    assert_problem(response, 413)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        pytest.param("GET", "/view/99", id="view-unknown"),
        pytest.param("PUT", "/edit/99", id="put-unknown"),
        pytest.param("PATCH", "/edit/99", id="patch-unknown"),
        pytest.param("DELETE", "/delete/99", id="delete-unknown"),
        pytest.param("GET", "/view/" + "9" * 30, id="30-digit-id"),
        pytest.param("GET", "/view/" + "9" * 5000, id="5000-digit-id"),
        pytest.param("GET", "/view/0", id="zero-id"),
        pytest.param("GET", "/view/-1", id="negative-id"),
        pytest.param("DELETE", "/delete/abc", id="word-id"),
        pytest.param("PATCH", "/edit/1.5", id="decimal-id"),
        pytest.param("GET", "/nowhere", id="unknown-path"),
    ],
)
def test_unknown_or_malformed_id_is_404(client: FlaskClient, method: str, url: str) -> None:
    body = VALID_BOOK if method in ("PUT", "PATCH") else None
    assert_problem(client.open(url, method=method, json=body), 404)


def test_unknown_book_404_says_which_id(client: FlaskClient) -> None:
    assert assert_problem(client.get("/view/99"), 404)["detail"] == "No book has the id 99."


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        pytest.param("GET", "/add", "POST", id="get-add"),
        pytest.param("POST", "/view", "GET", id="post-view"),
        pytest.param("DELETE", "/view/1", "GET", id="delete-view"),
        pytest.param("POST", "/edit/1", "PATCH", id="post-edit"),
        pytest.param("GET", "/delete/1", "DELETE", id="get-delete"),
    ],
)
def test_wrong_method_is_405_with_an_allow_header(
    client: FlaskClient, method: str, url: str, allowed: str
) -> None:
    response = client.open(url, method=method)
    assert_problem(response, 405)
    assert allowed in response.headers["Allow"], "405 must say which methods are allowed"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"page": "0"}, "page", id="page-zero"),
        pytest.param({"page": "-1"}, "page", id="page-negative"),
        pytest.param({"page": "two"}, "page", id="page-word"),
        pytest.param({"page": "9" * 5000}, "page", id="page-5000-digits"),
        pytest.param({"per_page": "101"}, "per_page", id="per-page-over-100"),
        pytest.param({"per_page": "1.5"}, "per_page", id="per-page-decimal"),
        pytest.param({"per_page": " 5"}, "per_page", id="per-page-with-space"),
    ],
)
def test_bad_paging_parameters_are_422(
    client: FlaskClient, query: dict[str, str], field: str
) -> None:
    problem = assert_problem(client.get("/view", query_string=query), 422, field)
    assert problem["errors"][0]["field"] == field


def vars_of(book: Any) -> dict[str, Any]:
    return {"title": book.title, "author": book.author, "year": book.year, "isbn": book.isbn}


LONE_SURROGATES = [
    pytest.param(b'{"title": "\\ud800"}', "title", id="lone-surrogate-title"),
    pytest.param(b'{"author": "Ann \\udfff"}', "author", id="lone-low-surrogate-author"),
]


@pytest.mark.parametrize(("patch", "field"), LONE_SURROGATES)
def test_a_lone_surrogate_in_text_is_422_naming_the_field_and_saves_nothing(
    tmp_path: Path, patch: bytes, field: str
) -> None:
    """`"\\ud800"` is valid JSON but not Unicode text: a 422, never a 500 or a broken file."""
    path = tmp_path / "books.json"
    client = create_app({"TESTING": True, "DATA_FILE": path, "SEED_BOOKS": True}).test_client()
    saved = path.read_bytes()
    full = json.loads(patch) | {k: v for k, v in VALID_BOOK.items() if k != field}
    attempts = [
        client.patch("/edit/1", data=patch, content_type="application/json"),
        client.put("/edit/1", data=json.dumps(full), content_type="application/json"),
        client.post("/add", data=json.dumps(full), content_type="application/json"),
    ]
    for response in attempts:
        problem = assert_problem(response, 422, field)
        assert [e["field"] for e in problem["errors"]] == [field]
    assert path.read_bytes() == saved, "a rejected request leaves the data file as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["books.json"], "no temporary file is left"


def test_a_lone_surrogate_in_an_unknown_key_is_still_a_clean_422(client: FlaskClient) -> None:
    response = client.patch("/edit/1", data=b'{"\\ud800": 1}', content_type="application/json")
    assert_problem(response, 422)


def test_escaped_surrogate_pairs_are_ordinary_text(tmp_path: Path) -> None:
    """A pair of escapes is one character (an emoji here), stored and read back intact."""
    config = {"TESTING": True, "DATA_FILE": tmp_path / "books.json"}
    body = json.dumps({**VALID_BOOK, "title": "Books \U0001f4da"})  # ensure_ascii: \ud83d\udcda
    added = create_app(config).test_client().post("/add", data=body, content_type=JSON)
    assert added.status_code == 201
    restarted = create_app(config).test_client()
    assert restarted.get("/view/1").get_json()["title"] == "Books \U0001f4da"


# --- the seams later days build on ------------------------------------------------------------


def test_create_app_serves_the_store_it_is_given() -> None:
    """`create_app(store=...)` uses that store, as days 11 and 18 pass their own."""
    store = MemoryBookStore()
    store.add(SAMPLE_BOOKS[0])
    client = create_app({"TESTING": True, "SEED_BOOKS": True}, store=store).test_client()
    assert client.get("/view").get_json()["total"] == 1, "a given store is used as it is"
    client.post("/add", json=VALID_BOOK)
    assert [b.title for b in store.search().items][-1] == VALID_BOOK["title"]


def test_create_app_refuses_a_store_and_a_data_file_together(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a store or a DATA_FILE"):
        create_app({"DATA_FILE": tmp_path / "books.json"}, store=MemoryBookStore())
