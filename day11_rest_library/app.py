"""The application factory: settings, database sessions, the validation seam, routes, docs.

`create_app(settings, session_factory=..., validator=...)`: tests hand in a session factory
bound to a rolled-back transaction; day 18 hands in its marshmallow validator. The factory
never connects to the database (the first request does) and creates no tables: migrate
first (`python -m day11_rest_library migrate`, which `serve` does for you).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.routing import BaseConverter

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day11_rest_library.config import Settings
from day11_rest_library.db import init_db
from day11_rest_library.docs import install_docs
from day11_rest_library.errors import install_error_handlers
from day11_rest_library.routes import api_blueprint
from day11_rest_library.validation import EXTENSION_KEY, ContractValidator, RequestValidator

ENGINE_KEY = "day11_rest_library.engine"
MAX_BODY = 64 * 1024  # a book is a few hundred bytes; larger bodies get 413


class IdConverter(BaseConverter):
    """`<id:name>` in a route: a whole number (so `/books/abc` and `/books/-1` match nothing).

    Every number matches, however large: werkzeug answers 405 instead of 404 when a converter
    refuses a value on one of several rules for the same path. The repository treats a number
    beyond the ids' range as an id no row has (404), without asking the database.
    """

    regex = r"\d+"
    part_isolating = True

    def to_python(self, value: str) -> int:
        """The id as an int."""
        return int(value)

    def to_url(self, value: Any) -> str:
        """The id in a URL."""
        return str(int(value))


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    validator: RequestValidator | None = None,
) -> Flask:
    """Build the library API; `settings` default to the environment's (`Settings()`)."""
    settings = settings or Settings()
    app = Flask(__name__)
    app.config.update(
        REQUIRE_IF_MATCH=settings.day11_require_if_match,
        MAX_CONTENT_LENGTH=MAX_BODY,
    )
    app.url_map.converters["id"] = IdConverter
    if session_factory is None:
        engine = create_engine_from_url(settings.database_url, echo=settings.day11_echo_sql)
        session_factory = make_session_factory(engine)
        app.extensions[ENGINE_KEY] = engine  # for whoever stops the app: engine.dispose()
    init_db(app, session_factory)
    app.extensions[EXTENSION_KEY] = validator or ContractValidator()
    install_error_handlers(app)
    app.register_blueprint(api_blueprint())
    install_docs(app)
    return app
