"""The store as a Flask extension (flaskr's `db.py`): made by the factory, found per request.

The store lives in `app.extensions`, not in a global, so two apps (two tests, or an app before
and after a restart) never share books.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from flask import Flask, current_app

from day03_flask_crud.models import NewBook
from day03_flask_crud.store import BookStore, MemoryBookStore

EXTENSION_KEY = "day03_flask_crud.store"

SAMPLE_BOOKS = (
    NewBook("The C Programming Language", "Brian W. Kernighan", 1988, "9780131103627"),
    NewBook(
        "Structure and Interpretation of Computer Programs", "Harold Abelson", 1996, "0262510871"
    ),
    NewBook("Fluent Python", "Luciano Ramalho", 2022, "9781492056355"),
)


def init_store(app: Flask, store: BookStore | None = None) -> BookStore:
    """Attach `store`, or open the one `DATA_FILE` names (memory only when None), to the app.

    With `SEED_BOOKS`, a store opened without an existing data file gets the sample books.
    """
    data_file = app.config["DATA_FILE"]
    if store is not None:
        if data_file is not None:
            raise ValueError("give create_app a store or a DATA_FILE, not both")
        app.extensions[EXTENSION_KEY] = store
        return store
    path = Path(data_file) if data_file is not None else None
    fresh = path is None or not path.exists()
    opened = MemoryBookStore(path)
    if app.config["SEED_BOOKS"] and fresh:
        for book in SAMPLE_BOOKS:
            opened.add(book)
    app.extensions[EXTENSION_KEY] = opened
    return opened


def get_store(app: Flask | None = None) -> BookStore:
    """The store of `app`, or of the app handling the current request."""
    return cast(BookStore, (app or current_app).extensions[EXTENSION_KEY])
