"""The blueprint: /add, /view, /view/<id>, /edit/<id> (PUT and PATCH) and /delete/<id>.

Routes only translate HTTP to store calls; errors are raised, and the handlers registered in
the factory turn them into problem+json responses. `json_body()` (shared with the later Flask
days) reads a request body: 415 unless it is declared JSON, 400 unless it parses.
"""

from __future__ import annotations

import math

from flask import Blueprint, Response, request, url_for
from flask.typing import ResponseReturnValue

from day03_flask_crud.extension import get_store
from day03_flask_crud.validation import parse_book_changes, parse_new_book, parse_page_request
from shared.flask_problems import json_body

bp = Blueprint("books", __name__)


@bp.post("/add")
def add_book() -> ResponseReturnValue:
    """Create a book: 201 with the book and a Location header pointing at it."""
    # solution: validate the JSON body, store the book, answer 201 with a Location header
    book = get_store().add(parse_new_book(json_body()))
    return book.to_dict(), 201, {"Location": url_for(".view_book", book_id=book.id)}
    # end solution


@bp.get("/view")
def list_books() -> ResponseReturnValue:
    """List books: `?q=` searches title and author, `?page=&per_page=` select a page."""
    # solution: parse the query string, search the store, answer the page and its counts
    wanted = parse_page_request(request.args)
    found = get_store().search(wanted.query, offset=wanted.offset, limit=wanted.per_page)
    return {
        "items": [book.to_dict() for book in found.items],
        "q": wanted.query,
        "page": wanted.page,
        "per_page": wanted.per_page,
        "total": found.total,
        "pages": math.ceil(found.total / wanted.per_page),
    }
    # end solution


@bp.get("/view/<int:book_id>")
def view_book(book_id: int) -> ResponseReturnValue:
    """One book, or 404."""
    return get_store().get(book_id).to_dict()


@bp.put("/edit/<int:book_id>")
def replace_book(book_id: int) -> ResponseReturnValue:
    """Replace every field of a book (all four are required)."""
    new = parse_new_book(json_body())
    return get_store().update(book_id, new.as_changes()).to_dict()


@bp.patch("/edit/<int:book_id>")
def edit_book(book_id: int) -> ResponseReturnValue:
    """Change only the fields sent."""
    changes = parse_book_changes(json_body())
    return get_store().update(book_id, changes).to_dict()


@bp.delete("/delete/<int:book_id>")
def delete_book(book_id: int) -> ResponseReturnValue:
    """Remove a book: 204 and no body."""
    get_store().delete(book_id)
    response = Response(status=204)
    del response.headers["Content-Type"]  # no body, so no media type
    return response
