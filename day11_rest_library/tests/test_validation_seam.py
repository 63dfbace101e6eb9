"""The validation seam: another RequestValidator (day 18's marshmallow) replaces the default.

The routes ask for a body by its contract schema's name; whichever validator the app was
given answers. These tests plug in a small one of their own.
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from day11_rest_library import ContractValidator, RequestValidator, Settings, create_app
from day11_rest_library.tests.helpers import VALID_BOOK, LintingClient
from shared.problems import FieldError, FieldValidationError


class ShoutingValidator:
    """A validator of its own: upper-cases titles, refuses books by 'Nobody'."""

    def __init__(self) -> None:
        self.schemas: list[str] = []
        self.default = ContractValidator()

    def validate(self, schema: str, body: object) -> dict[str, Any]:
        self.schemas.append(schema)
        values = self.default.validate(schema, body)
        if values.get("author") == "Nobody":
            raise FieldValidationError([FieldError("author", "must be somebody")])
        if "title" in values:
            values["title"] = values["title"].upper()
        return values


def client_with(
    validator: RequestValidator, database_url: str, factory: sessionmaker[Session]
) -> FlaskClient:
    app = create_app(
        Settings(database_url=database_url), session_factory=factory, validator=validator
    )
    app.test_client_class = LintingClient
    return app.test_client()


def test_the_app_uses_the_validator_it_is_given(
    database_url: str, session_factory: sessionmaker[Session]
) -> None:
    validator = ShoutingValidator()
    client = client_with(validator, database_url, session_factory)
    book = client.post("/books", json=VALID_BOOK).get_json()
    assert book["title"] == "DUNE", "the validator's cleaned values are what the route stores"
    client.patch(f"/books/{book['id']}", json={"year": 1970})
    assert validator.schemas == ["BookCreate", "BookPatch"], "routes name the contract's schemas"


def test_the_validators_422_is_answered_as_a_problem(
    database_url: str, session_factory: sessionmaker[Session]
) -> None:
    client = client_with(ShoutingValidator(), database_url, session_factory)
    response = client.post("/books", json=VALID_BOOK | {"author": "Nobody"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "author", "message": "must be somebody"}]


def test_the_default_validator_names_each_contract_schema() -> None:
    validator = ContractValidator()
    assert validator.validate("AuthorWrite", {"name": "Ada"}) == {"name": "Ada"}
    assert validator.validate("LoanPatch", {"returned": True}) == {"returned": True}
    assert validator.validate("BookPatch", {"isbn": "0-262-51087-1"}) == {"isbn": "0262510871"}
