"""Where the books live: a small Protocol, and a thread-safe in-memory store that implements it.

One lock guards the dict and the id counter, so concurrent requests of a threaded server never
lose a write or hand out one id twice. Given a data file, the store saves after every change
(inside the lock, so the file always matches memory) and undoes the change if saving fails.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from day03_flask_crud.errors import BookNotFoundError, DataFileError
from day03_flask_crud.models import Book, BookChanges, BookPage, NewBook
from day03_flask_crud.persistence import load_books, save_books


class BookStore(Protocol):
    """What the routes need from storage; day 11's and later stores implement the same."""

    def add(self, book: NewBook) -> Book:
        """Store a new book under the next free id and return it."""
        ...

    def get(self, book_id: int) -> Book:
        """Return the book with this id, or raise BookNotFoundError."""
        ...

    def search(self, query: str = "", *, offset: int = 0, limit: int | None = None) -> BookPage:
        """Books whose title or author contains `query` (any case), in id order, one page."""
        ...

    def update(self, book_id: int, changes: BookChanges) -> Book:
        """Apply the changes to a stored book and return the new version."""
        ...

    def delete(self, book_id: int) -> None:
        """Remove a book, or raise BookNotFoundError."""
        ...


class MemoryBookStore:
    """Books in a dict behind one lock; with `path`, every change is saved to a JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._path = path
        self._books: dict[int, Book] = {}
        self._next_id = 1
        if path is not None:
            self._open(path)

    @property
    def path(self) -> Path | None:
        """The JSON data file, or None when the books are kept in memory only."""
        return self._path

    def __len__(self) -> int:
        return len(self._books)

    def add(self, book: NewBook) -> Book:
        """Store a new book under the next free id and return it."""
        # solution: under the lock, give the book the next id, save (or undo), return it
        with self._lock:
            stored = Book(self._next_id, book.title, book.author, book.year, book.isbn)
            self._books[stored.id] = stored
            self._next_id += 1
            self._save_or_undo(lambda: self._undo_add(stored.id))
            return stored
        # end solution

    def get(self, book_id: int) -> Book:
        """Return the book with this id, or raise BookNotFoundError."""
        try:
            return self._books[book_id]  # one dict lookup is atomic: no lock needed
        except KeyError:
            raise BookNotFoundError(book_id) from None

    def search(self, query: str = "", *, offset: int = 0, limit: int | None = None) -> BookPage:
        """Books whose title or author contains `query` (any case), in id order, one page."""
        needle = query.casefold()
        with self._lock:
            books = list(self._books.values())
        if needle:
            books = [
                b for b in books if needle in b.title.casefold() or needle in b.author.casefold()
            ]
        end = None if limit is None else offset + limit
        return BookPage(items=books[offset:end], total=len(books))

    def update(self, book_id: int, changes: BookChanges) -> Book:
        """Apply the changes to a stored book and return the new version."""
        # solution: under the lock, store a changed copy of the book, save (or undo), return it
        with self._lock:
            old = self.get(book_id)
            new = dataclasses.replace(old, **changes)
            self._books[book_id] = new
            self._save_or_undo(lambda: self._books.__setitem__(book_id, old))
            return new
        # end solution

    def delete(self, book_id: int) -> None:
        """Remove a book, or raise BookNotFoundError."""
        with self._lock:
            old = self.get(book_id)
            del self._books[book_id]
            self._save_or_undo(lambda: self._restore(old))

    def _open(self, path: Path) -> None:
        try:  # a fresh clone has no var/ yet: make it, as every day does
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataFileError(
                f"cannot create the folder {path.parent} for the data file: {exc.strerror}",
                hint="choose another data file",
            ) from exc
        if path.exists():
            books, self._next_id = load_books(path)
            self._books = {book.id: book for book in sorted(books, key=lambda b: b.id)}

    def _save_or_undo(self, undo: Callable[[], None]) -> None:
        """Save the current state (lock held); on failure, undo the change and re-raise."""
        if self._path is None:
            return
        try:
            save_books(self._path, self._books.values(), self._next_id)
        except BaseException:
            undo()
            raise

    def _undo_add(self, book_id: int) -> None:
        del self._books[book_id]
        self._next_id -= 1

    def _restore(self, book: Book) -> None:
        """Put a deleted book back in id order (dicts keep insertion order)."""
        self._books[book.id] = book
        self._books = dict(sorted(self._books.items()))
