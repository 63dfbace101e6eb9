"""Collections: filters, sorting, and cursor pages with next/prev in the body and a Link header."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from day11_rest_library.tests.helpers import add_book

SHELF = [
    ("Dune", "Frank Herbert", 1965),
    ("Dune Messiah", "Frank Herbert", 1969),
    ("The Left Hand of Darkness", "Ursula K. Le Guin", 1969),
    ("The Dispossessed", "Ursula K. Le Guin", 1974),
    ("Kindred", "Octavia E. Butler", 1979),
    ("Parable of the Sower", "Octavia E. Butler", 1993),
    ("Neuromancer", "William Gibson", 1984),
]


@pytest.fixture
def shelf(client: FlaskClient) -> list[dict[str, Any]]:
    """Seven books by four authors, 1965 to 1993."""
    return [
        add_book(client, n, title=title, author=author, year=year)
        for n, (title, author, year) in enumerate(SHELF)
    ]


def titles(response: Any) -> list[str]:
    return [book["title"] for book in response.get_json()["items"]]


def walk(client: FlaskClient, url: str, rel: str = "next") -> list[list[str]]:
    """Follow `rel` links from `url` until there is none; the titles of each page."""
    pages = []
    for _ in range(20):  # bounded: a page loop would fail, not hang
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        pages.append(titles(response))
        url = response.get_json()[rel]
        if url is None:
            return pages
    raise AssertionError(f"more than 20 pages following {rel}")


def test_filter_by_author(client: FlaskClient, shelf: list[dict[str, Any]]) -> None:
    found = titles(client.get("/books?author=ursula k. le guin"))
    assert found == ["The Left Hand of Darkness", "The Dispossessed"], "the exact name, any case"


def test_filter_by_year_range(client: FlaskClient, shelf: list[dict[str, Any]]) -> None:
    assert titles(client.get("/books?year_from=1969&year_to=1979")) == [
        "Dune Messiah",
        "The Left Hand of Darkness",
        "The Dispossessed",
        "Kindred",
    ]


def test_search_title_and_author(client: FlaskClient, shelf: list[dict[str, Any]]) -> None:
    assert titles(client.get("/books?q=dune")) == ["Dune", "Dune Messiah"]
    assert titles(client.get("/books?q=GIBSON")) == ["Neuromancer"]
    assert titles(client.get("/books?q=100%25")) == [], "% is a character, not a wildcard"


def test_sort_by_several_fields(client: FlaskClient, shelf: list[dict[str, Any]]) -> None:
    response = client.get("/books?sort=-year,title")
    years = [book["year"] for book in response.get_json()["items"]]
    assert years == sorted(years, reverse=True)
    assert titles(response)[4:6] == ["Dune Messiah", "The Left Hand of Darkness"], "1969: by title"


def test_sort_by_author(client: FlaskClient, shelf: list[dict[str, Any]]) -> None:
    authors = [book["author"] for book in client.get("/books?sort=author").get_json()["items"]]
    assert authors == sorted(authors)


def test_pages_walk_forward_through_everything_once(
    client: FlaskClient, shelf: list[dict[str, Any]]
) -> None:
    pages = walk(client, "/books?sort=-year,title&limit=3")
    assert [len(page) for page in pages] == [3, 3, 1]
    everything = titles(client.get("/books?sort=-year,title&limit=100"))
    assert [t for page in pages for t in page] == everything, "no book twice, none missed"


def test_prev_links_walk_back_to_the_first_page(
    client: FlaskClient, shelf: list[dict[str, Any]]
) -> None:
    forward = walk(client, "/books?sort=title&limit=2")
    last_url = "/books?sort=title&limit=2"
    for _ in range(len(forward) - 1):
        last_url = client.get(last_url).get_json()["next"]
    backward = walk(client, last_url, rel="prev")
    assert backward == list(reversed(forward)), "prev undoes next, page by page"


def test_first_page_has_no_prev_and_last_page_no_next(
    client: FlaskClient, shelf: list[dict[str, Any]]
) -> None:
    first = client.get("/books?limit=4").get_json()
    assert first["prev"] is None and first["next"] is not None
    last = client.get(first["next"]).get_json()
    assert last["next"] is None and last["prev"] is not None


def test_link_header_carries_the_same_links(
    client: FlaskClient, shelf: list[dict[str, Any]]
) -> None:
    first = client.get("/books?limit=3")
    second = client.get(first.get_json()["next"])
    links = {
        rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="(\w+)"', second.headers["Link"])
    }
    body = second.get_json()
    assert links == {"next": body["next"], "prev": body["prev"]}, "RFC 8288 Link = the body's links"
    assert "Link" not in client.get("/books?limit=100").headers, "one page: nothing to link to"


def test_links_keep_the_filters_and_sort(client: FlaskClient, shelf: list[dict[str, Any]]) -> None:
    first = client.get("/books?year_from=1969&sort=-year&limit=2").get_json()
    assert "year_from=1969" in first["next"] and "sort=-year" in first["next"]


def test_a_book_added_between_pages_does_not_shift_them(
    client: FlaskClient, shelf: list[dict[str, Any]]
) -> None:
    first = client.get("/books?sort=year&limit=3").get_json()
    add_book(client, 100, title="Frankenstein", author="Mary Shelley", year=1818)
    second = client.get(first["next"])
    assert titles(second)[0] == "The Dispossessed", "a cursor page starts after the last row shown"


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=ten",
        "sort=price",
        "sort=",
        "year_from=-5",
        "year_to=12345",
        "cursor=garbage",
        "q=%00",
    ],
    ids=[
        "limit-zero",
        "limit-too-big",
        "limit-text",
        "unknown-sort",
        "empty-sort",
        "negative-year",
        "year-too-big",
        "bad-cursor",
        "nul-in-q",
    ],
)
def test_bad_query_returns_422_naming_the_parameter(client: FlaskClient, query: str) -> None:
    response = client.get(f"/books?{query}")
    assert response.status_code == 422, response.get_data(as_text=True)
    name = query.split("=")[0]
    assert [e["field"] for e in response.get_json()["errors"]] == [name]


def test_cursor_of_another_sort_returns_422(
    client: FlaskClient, shelf: list[dict[str, Any]]
) -> None:
    by_title = client.get("/books?sort=title&limit=2").get_json()["next"]
    cursor = by_title.split("cursor=")[1]
    response = client.get(f"/books?sort=year&cursor={cursor}")
    assert response.status_code == 422, "a cursor is a position in one order, not another"
