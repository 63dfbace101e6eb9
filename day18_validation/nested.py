"""The nested resources' data, for both apps: an author with their books, a loan with its book.

Built on day 11's repository (its functions take the request's session and never commit).
`create_author_with_books` makes the author and each book of the validated body in the
request's transaction: a taken name or ISBN is day 11's 409, and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from day11_rest_library import Author, Book, repository


@dataclass(frozen=True)
class AuthorShelf:
    """An author and their books in id order: what AuthorWithBooks dumps."""

    id: int
    name: str
    books: list[Book]


def author_shelf(session: Session, author_id: int) -> AuthorShelf:
    """The author (404 when unknown) with every book of theirs, oldest id first."""
    author = repository.get_author(session, author_id)
    return shelf_of(session, author)


def shelf_of(session: Session, author: Author) -> AuthorShelf:
    """`author`'s shelf, read in one query."""
    books = session.scalars(select(Book).where(Book.author_id == author.id).order_by(Book.id))
    return AuthorShelf(author.id, author.name, list(books))


def create_author_with_books(session: Session, values: Mapping[str, Any]) -> AuthorShelf:
    """Add the author and their books (409 for a taken name or ISBN, nothing kept)."""
    # solution: day 11's create_author, then create_book for each book with the author's name
    author = repository.create_author(session, values["name"])
    books = [
        repository.create_book(session, {**book, "author": author.name}) for book in values["books"]
    ]
    return AuthorShelf(author.id, author.name, books)
    # end solution
