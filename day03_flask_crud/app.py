"""The application factory: configuration, the store, the error handlers and the blueprint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from day03_flask_crud.errors import BookNotFoundError
from day03_flask_crud.extension import init_store
from day03_flask_crud.routes import bp
from day03_flask_crud.store import BookStore
from shared.flask_problems import install_problem_handlers

DEFAULT_CONFIG: dict[str, Any] = {
    "DATA_FILE": None,  # a path: keep the books in this JSON file across restarts
    "SEED_BOOKS": False,  # add the sample books to a store that starts without a data file
    "MAX_CONTENT_LENGTH": 64 * 1024,  # a book is a few hundred bytes; larger bodies get 413
}


def create_app(config: Mapping[str, Any] | None = None, *, store: BookStore | None = None) -> Flask:
    """Build the book API; `config` overrides DEFAULT_CONFIG (and Flask's own settings).

    `store` replaces the MemoryBookStore the factory would open (later days pass their own);
    it is used as it is, so DATA_FILE must not be set with it and SEED_BOOKS does not fill it.
    Raises DataFileError when the data file exists but cannot be read as books.
    """
    # solution: build the Flask app: defaults then config, the store, problem handlers, blueprint
    app = Flask(__name__)
    app.config.from_mapping(DEFAULT_CONFIG)
    app.config.from_mapping(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep "id" first in a book
    init_store(app, store)
    # 400, 404, 405, 413, 415 and ValidationError's 422 come with it; the day adds its own 404.
    install_problem_handlers(app, errors={BookNotFoundError: 404})
    app.register_blueprint(bp)
    return app
    # end solution
