"""The API's blueprints, one per resource, nested in `api` (which adds 406 and ETags)."""

from __future__ import annotations

from flask import Blueprint

from day11_rest_library.conditional import finish_conditional_get
from day11_rest_library.responses import require_json_accepted
from day11_rest_library.routes.authors import bp as authors
from day11_rest_library.routes.books import bp as books
from day11_rest_library.routes.loans import bp as loans


def api_blueprint() -> Blueprint:
    """A fresh `api` blueprint holding the three resources (one per app)."""
    api = Blueprint("api", __name__)
    api.before_request(require_json_accepted)
    api.after_request(finish_conditional_get)
    for resource in (books, authors, loans):
        api.register_blueprint(resource)
    return api
