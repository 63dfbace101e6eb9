"""/books and /books/<id>: list (filters, sort, pages), create, read, replace, change, delete.

A route reads its input (path, query string, a body checked by the validation seam), calls
the repository, commits if it wrote, and answers with the representation and its ETag.
Writes check If-Match against the representation a GET would return right now.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request, url_for

from day11_rest_library.conditional import check_if_match
from day11_rest_library.db import commit, get_bind, get_session, transaction
from day11_rest_library.models import Book
from day11_rest_library.pagination import PageRequest, fetch_page
from day11_rest_library.queries import parse_book_filters, parse_page_request
from day11_rest_library.repository import (
    BOOK_SORTS,
    add_book,
    books_query,
    delete_book,
    get_book,
    get_book_view,
    update_book,
)
from day11_rest_library.representations import book_json, json_bytes, page_json
from day11_rest_library.responses import json_response, no_content
from day11_rest_library.validation import validated_body

bp = Blueprint("books", __name__)


def book_page(author_id: int | None = None) -> Response:
    """A page of books for this request's filters, sort and cursor (also /authors/<id>/books)."""
    filters = parse_book_filters(request.args)
    wanted = parse_page_request(request.args, BOOK_SORTS, default_sort="id")
    page = fetch_page(
        get_session(), books_query(filters, author_id=author_id), wanted, _sort_values(wanted)
    )
    response = json_response(page_json(page, [book_json(book) for book in page.items]))
    return with_link_header(response, page_json(page, []))


def with_link_header(response: Response, links: dict[str, str | None]) -> Response:
    """Add the RFC 8288 Link header with the next and prev pages that exist."""
    # solution: one `<url>; rel="next"` / `<url>; rel="prev"` entry per page that exists
    entries = [f'<{url}>; rel="{rel}"' for rel in ("next", "prev") if (url := links[rel])]
    if entries:
        response.headers["Link"] = ", ".join(entries)
    return response
    # end solution


@bp.get("/books")
def list_books() -> Response:
    """A page of books: `author`, `year_from`, `year_to`, `q`, `sort`, `limit`, `cursor`."""
    return book_page()


@bp.post("/books")
def create() -> Response:
    """Add a book: 201, the book, and its URL in Location."""
    # solution: validate the body, create the book, commit, answer 201 with Location
    fields = validated_body("BookCreate")
    with transaction() as connection:  # two statements: no session needed (see db.py)
        book = add_book(connection, fields)
    location = url_for(".get", book_id=book.id)
    return json_response(book_json(book), 201, location=location)
    # end solution


@bp.get("/books/<id:book_id>")
def get(book_id: int) -> Response:
    """One book, or 404 (also for ids that are not positive 32-bit integers).

    Its one SELECT needs no session: it reads on the sessions' bind (see db.py).
    """
    return json_response(book_json(get_book_view(get_bind(), book_id)))


@bp.put("/books/<id:book_id>")
def replace(book_id: int) -> Response:
    """Replace every field: `copies` falls back to 1 when left out, as on create."""
    return _change(book_id, {"copies": 1} | validated_body("BookCreate"))


@bp.patch("/books/<id:book_id>")
def update(book_id: int) -> Response:
    """Change only the fields sent."""
    return _change(book_id, validated_body("BookPatch"))


@bp.delete("/books/<id:book_id>")
def delete(book_id: int) -> Response:
    """Remove a book: 204, or 409 while a copy is lent out."""
    # solution: lock the book, check If-Match, delete it, commit, answer 204
    session = get_session()
    book = get_book(session, book_id, for_update=True)
    check_if_match(json_bytes(book_json(book)))
    delete_book(session, book)
    commit()
    return no_content()
    # end solution


def _change(book_id: int, changes: dict[str, object]) -> Response:
    """PUT and PATCH: lock the book, check If-Match, apply the changes, commit."""
    # solution: lock the book, check If-Match against its representation, update, commit
    session = get_session()
    book = get_book(session, book_id, for_update=True)
    check_if_match(json_bytes(book_json(book)))
    update_book(session, book, changes)
    commit()
    return json_response(book_json(book))
    # end solution


def _sort_values(wanted: PageRequest) -> Callable[[Book], list[object]]:
    """How to read a book's sort values, in the order of the page's sort keys."""

    def values(book: Book) -> list[object]:
        by_name = {
            "id": book.id,
            "title": book.title,
            "author": book.author.name,
            "year": book.year,
        }
        return [by_name[key.name] for key in wanted.keys]

    return values
