"""/authors, /authors/<id> and /authors/<id>/books: authors are resources of their own.

An author is also made by `POST /books` the first time a book names them.
"""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from day11_rest_library.conditional import check_if_match
from day11_rest_library.db import commit, get_session
from day11_rest_library.pagination import fetch_page
from day11_rest_library.queries import parse_page_request, parse_text_filter
from day11_rest_library.repository import (
    AUTHOR_SORTS,
    authors_query,
    create_author,
    delete_author,
    get_author,
    rename_author,
)
from day11_rest_library.representations import author_json, json_bytes, page_json
from day11_rest_library.responses import json_response, no_content
from day11_rest_library.routes.books import book_page, with_link_header
from day11_rest_library.validation import validated_body

bp = Blueprint("authors", __name__)


@bp.get("/authors")
def list_authors() -> Response:
    """A page of authors in name order; `q` searches the names."""
    q = parse_text_filter(request.args)
    wanted = parse_page_request(request.args, AUTHOR_SORTS, default_sort="name")
    page = fetch_page(get_session(), authors_query(q), wanted, lambda a: [a.name, a.id])
    response = json_response(page_json(page, [author_json(author) for author in page.items]))
    return with_link_header(response, page_json(page, []))


@bp.post("/authors")
def create() -> Response:
    """Add an author: 201 and Location, or 409 if the name is taken."""
    author = create_author(get_session(), validated_body("AuthorWrite")["name"])
    commit()
    return json_response(author_json(author), 201, location=url_for(".get", author_id=author.id))


@bp.get("/authors/<id:author_id>")
def get(author_id: int) -> Response:
    """One author, or 404."""
    return json_response(author_json(get_author(get_session(), author_id)))


@bp.put("/authors/<id:author_id>")
def replace(author_id: int) -> Response:
    """Rename an author (their books follow: they link to the author, not the name)."""
    name = validated_body("AuthorWrite")["name"]
    session = get_session()
    author = get_author(session, author_id, for_update=True)
    check_if_match(json_bytes(author_json(author)))
    rename_author(session, author, name)
    commit()
    return json_response(author_json(author))


@bp.delete("/authors/<id:author_id>")
def delete(author_id: int) -> Response:
    """Remove an author who has no books: 204, or 409."""
    session = get_session()
    author = get_author(session, author_id, for_update=True)
    check_if_match(json_bytes(author_json(author)))
    delete_author(session, author)
    commit()
    return no_content()


@bp.get("/authors/<id:author_id>/books")
def list_books(author_id: int) -> Response:
    """The author's books, with the filters, sorting and pages of /books (404: no author)."""
    get_author(get_session(), author_id)
    return book_page(author_id)
