"""Day 3: a Flask CRUD API for books at /add, /view, /edit and /delete, with validation by hand.

Public names: the factory, the store Protocol and its thread-safe in-memory implementation (with
optional JSON-file persistence), the book types, the validators and the errors.
"""

from __future__ import annotations

from day03_flask_crud.app import create_app
from day03_flask_crud.errors import (
    BookNotFoundError,
    DataFileError,
    Day03Error,
    PersistenceError,
    ValidationError,
)
from day03_flask_crud.extension import SAMPLE_BOOKS, get_store
from day03_flask_crud.isbn import normalize_isbn
from day03_flask_crud.models import Book, BookChanges, BookPage, NewBook
from day03_flask_crud.store import BookStore, MemoryBookStore
from day03_flask_crud.validation import parse_book_changes, parse_new_book, parse_page_request
from shared.problems import FieldError

__all__ = [
    "SAMPLE_BOOKS",
    "Book",
    "BookChanges",
    "BookNotFoundError",
    "BookPage",
    "BookStore",
    "DataFileError",
    "Day03Error",
    "FieldError",
    "MemoryBookStore",
    "NewBook",
    "PersistenceError",
    "ValidationError",
    "create_app",
    "get_store",
    "normalize_isbn",
    "parse_book_changes",
    "parse_new_book",
    "parse_page_request",
]
