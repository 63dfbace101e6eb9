"""The day's errors: one base class, each subclass a failure a client or user can act on."""

from __future__ import annotations

from collections.abc import Sequence

from shared.cli import CourseError
from shared.problems import FieldError, FieldValidationError


class Day03Error(CourseError):
    """Base class of every error the book API raises on purpose (exit code 1 in the CLI)."""


class BookNotFoundError(Day03Error, LookupError):
    """No book has the requested id (HTTP 404)."""

    def __init__(self, book_id: int) -> None:
        super().__init__(f"No book has the id {book_id}.")
        self.book_id = book_id


class ValidationError(FieldValidationError, Day03Error):
    """The client sent well-formed JSON or a query string with wrong values (HTTP 422).

    A FieldValidationError, so shared.flask_problems answers it: `errors` lists one
    FieldError (a JSON key or a query parameter, and what is wrong with it) per problem.
    """

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__(errors)


class DataFileError(Day03Error):
    """The JSON data file cannot be read or does not hold books (raised at start-up)."""


class PersistenceError(Day03Error):
    """A change could not be saved to the data file; the store kept its previous state."""
