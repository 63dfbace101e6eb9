"""The Flask side: day 11's library API with marshmallow behind its validation seam.

`create_flask_app` is day 11's `create_app(validator=MarshmallowValidator())`: every body a
day 11 route reads goes through marshmallow, and no route of day 11 changes. Day 18 adds a
blueprint of its own for the nested representations (`POST /authors/with-books`,
`GET /authors/<id>/with-books`, `GET /loans/<id>/with-book`), dumped by the validator's
schemas, and serves the merged contract at /openapi.json.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, url_for
from sqlalchemy.orm import Session, sessionmaker

from day11_rest_library import Settings, conditional, create_app, db, repository, responses
from day18_validation.contract import contract_bytes
from day18_validation.nested import author_shelf, create_author_with_books
from day18_validation.validators import MarshmallowValidator, Validator
from shared.flask_problems import json_body

DUMPER_KEY = "day18_validation.dumper"


def create_flask_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    validator: Validator | None = None,
) -> Flask:
    """Day 11's app on marshmallow (or the `validator` given), plus the nested routes."""
    # solution: day 11's create_app with the validator; register the nested blueprint
    validator = validator or MarshmallowValidator()
    app = create_app(settings, session_factory=session_factory, validator=validator)
    app.extensions[DUMPER_KEY] = validator
    app.register_blueprint(_nested_blueprint())
    # end solution
    app.view_functions["docs.openapi"] = _openapi  # day 11's document, with day 18's additions
    return app


def _openapi() -> Response:
    return Response(contract_bytes(), mimetype="application/json")


def _answer(schema: str, obj: object, status: int = 200, location: str | None = None) -> Response:
    """`obj` dumped by the app's validator, with its ETag (day 11's headers)."""
    dumper: Validator = current_app.extensions[DUMPER_KEY]
    body = dumper.dump(schema, obj)
    response = Response(body, status=status, mimetype="application/json")
    response.headers["ETag"] = conditional.etag_of(body)
    response.headers["Cache-Control"] = conditional.REVALIDATE
    if location is not None:
        response.headers["Location"] = location
    return response


def _body(schema: str) -> dict[str, Any]:
    """The request's JSON body checked by the app's validator (day 11's seam, by hand)."""
    validator: Validator = current_app.extensions[DUMPER_KEY]
    return validator.validate(schema, json_body())


def _nested_blueprint() -> Blueprint:
    bp = Blueprint("nested", __name__)
    bp.before_request(responses.require_json_accepted)
    bp.after_request(conditional.finish_conditional_get)

    @bp.post("/authors/with-books")
    def create_with_books() -> Response:
        """An author and their books in one request: 201, or 409 with nothing kept."""
        # solution: validate the nested body, create author and books, commit, 201 + Location
        shelf = create_author_with_books(db.get_session(), _body("AuthorWithBooksCreate"))
        db.commit()
        location = url_for(".author_with_books", author_id=shelf.id)
        return _answer("AuthorWithBooks", shelf, 201, location)
        # end solution

    @bp.get("/authors/<id:author_id>/with-books")
    def author_with_books(author_id: int) -> Response:
        """The author with their books nested."""
        return _answer("AuthorWithBooks", author_shelf(db.get_session(), author_id))

    @bp.get("/loans/<id:loan_id>/with-book")
    def loan_with_book(loan_id: int) -> Response:
        """The loan with its book nested."""
        return _answer("LoanWithBook", repository.get_loan(db.get_session(), loan_id))

    return bp
