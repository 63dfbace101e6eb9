"""The repository's fast write path keeps the ORM contract day 18 relies on."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from day11_rest_library import Author, Book, repository
from day11_rest_library.representations import book_json

pytestmark = pytest.mark.internal

FIELDS = {"title": "Dune", "author": "Frank Herbert", "year": 1965, "isbn": "9780441013593"}


def test_create_book_returns_a_clean_book_of_the_session(
    session_factory: sessionmaker[Session],
) -> None:
    """Written by one INSERT, the Book is the session's own, unchanged, and reads like a GET."""
    with session_factory() as session:
        book = repository.create_book(session, FIELDS)
        assert isinstance(book, Book) and book in session, "a persistent object of the session"
        assert not session.dirty and not session.new, "the row is written: nothing to flush"
        view = repository.get_book_view(session, book.id)
        assert book_json(book) == book_json(view), "the ORM object and the GET view agree"


def test_author_named_reuses_the_session_s_author(session_factory: sessionmaker[Session]) -> None:
    """An author the session holds already is the object returned, not a second copy."""
    with session_factory() as session:
        author = repository.create_author(session, "Octavia E. Butler")
        assert repository.author_named(session, "Octavia E. Butler") is author
        again = repository.author_named(session, "Ursula K. Le Guin")
        assert isinstance(again, Author) and again in session and again.id != author.id
