"""What each resource looks like in JSON, and the one way JSON bytes are made.

Every response body of the API comes from `json_bytes`, so the same data always gives the
same bytes: that is what makes an ETag computed from the bytes a *strong* validator, and what
lets a write compare the client's If-Match with the representation it would GET right now.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from flask import request, url_for

from day11_rest_library.models import Author, Book, Loan
from day11_rest_library.pagination import Page

if TYPE_CHECKING:  # the repository imports nothing from here; only the type is needed
    from day11_rest_library.repository import BookView


def json_bytes(data: Any) -> bytes:
    """Compact JSON, keys in the order given, non-ASCII escaped (always valid UTF-8)."""
    return json.dumps(data, separators=(",", ":")).encode()


def book_json(book: Book | BookView) -> dict[str, Any]:
    """A book: its fields, its author's name and id, and how many copies are free.

    The same bytes from the ORM object (writes) and from the one-SELECT view (GET), so their
    ETags agree: a client's If-Match from a GET matches the book a PATCH locks.
    """
    return {
        "id": book.id,
        "title": book.title,
        "author": book.author_name,
        "author_id": book.author_id,
        "year": book.year,
        "isbn": book.isbn,
        "copies": book.copies,
        "available": max(book.copies - book.lent, 0),
    }


def author_json(author: Author) -> dict[str, Any]:
    """An author."""
    return {"id": author.id, "name": author.name}


def loan_json(loan: Loan) -> dict[str, Any]:
    """A loan; `returned_at` is null while the copy is out."""
    return {
        "id": loan.id,
        "book_id": loan.book_id,
        "borrower": loan.borrower,
        "lent_at": _timestamp(loan.lent_at),
        "returned_at": _timestamp(loan.returned_at) if loan.returned_at else None,
    }


def page_json(page: Page[Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """A page of a collection: its items and the URLs of the pages before and after it."""
    return {"items": items, "next": page_url(page.next), "prev": page_url(page.prev)}


def page_url(cursor: str | None) -> str | None:
    """This request's URL with `cursor` in place of its own (None: no such page)."""
    if cursor is None:
        return None
    values: dict[str, Any] = {**(request.view_args or {}), **request.args, "cursor": cursor}
    return url_for(str(request.endpoint), **values)


def _timestamp(value: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z; SQLite hands timestamps back without a zone (they are UTC)."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
