"""The JSON data file: loaded once at start-up, rewritten atomically after every change.

An atomic write goes to a temporary file in the same folder, is flushed and fsync'ed, then
`os.replace`d over the old file, so a crash leaves either the old file or the new one, never
half of one. The file holds `{"version": 1, "next_id": N, "books": [...]}`; `next_id` is kept so
a deleted book's id is never handed out again, even after a restart.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from day03_flask_crud.errors import DataFileError, PersistenceError, ValidationError
from day03_flask_crud.models import Book
from day03_flask_crud.validation import parse_new_book

FORMAT_VERSION = 1
_FIX_HINT = "fix the file, or move it away to start with an empty store"


def load_books(path: Path) -> tuple[list[Book], int]:
    """Return the books in the data file and the next free id, or raise DataFileError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read the data file {path}: {exc.strerror}") from exc
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise DataFileError(
            f"the data file {path} is not valid JSON: {exc}", hint=_FIX_HINT
        ) from exc
    if not _is_books_document(data):
        message = f"the data file {path} is not a book store (version {FORMAT_VERSION})"
        raise DataFileError(message, hint=_FIX_HINT)
    books = [_load_book(path, index, record) for index, record in enumerate(data["books"])]
    ids = [book.id for book in books]
    if len(set(ids)) != len(ids) or data["next_id"] <= max(ids, default=0):
        message = f"the data file {path} has repeated ids or a next_id that is too small"
        raise DataFileError(message, hint=_FIX_HINT)
    return books, data["next_id"]


def save_books(path: Path, books: Iterable[Book], next_id: int) -> None:
    """Write every book to the data file atomically, or raise PersistenceError."""
    document = {
        "version": FORMAT_VERSION,
        "next_id": next_id,
        "books": [book.to_dict() for book in books],
    }
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    try:
        write_atomic(path, text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate that reached the store unvalidated
        raise PersistenceError(f"could not save the books to {path}: {exc.reason}") from exc
    except OSError as exc:
        raise PersistenceError(f"could not save the books to {path}: {exc}") from exc


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers and crashes see the old file or the new one.

    Callers encode first, so text that cannot be encoded never leaves a temporary file.
    """
    # solution: write a temporary file in the same folder, fsync it, os.replace it, fsync the folder
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(path.parent)
    # end solution


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder for this."""
    if os.name != "posix":  # pragma: no cover - the course runs on Linux
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_books_document(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("version") == FORMAT_VERSION
        and isinstance(data.get("books"), list)
        and type(data.get("next_id")) is int
    )


def _load_book(path: Path, index: int, record: Any) -> Book:
    """Check a stored record with the same rules the API applies to a new book."""
    if not isinstance(record, dict) or type(record.get("id")) is not int or record["id"] < 1:
        message = f"book #{index} in the data file {path} has no positive integer id"
        raise DataFileError(message, hint=_FIX_HINT)
    fields = {key: value for key, value in record.items() if key != "id"}
    try:
        book = parse_new_book(fields)
    except ValidationError as exc:
        message = f"book #{index} (id {record['id']}) in the data file {path} is invalid: {exc}"
        raise DataFileError(message, hint=_FIX_HINT) from exc
    return Book(record["id"], book.title, book.author, book.year, book.isbn)
