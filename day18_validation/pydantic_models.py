"""pydantic 2 models of the contract: separate models in and out (FastAPI's Create/Update/Public).

In: `BookCreate`, `BookPatch` (every field optional, applied with `exclude_unset`),
`AuthorWrite`, `LoanCreate`, `LoanPatch`, `AuthorWithBooksCreate` (a nested list),
`MemberCreate`. `strict=True` refuses `"1"` for an int and `true` for a year (pydantic's lax
mode would take both); `extra="forbid"` refuses unknown keys. Each value's rule is a
`BeforeValidator` calling `rules`, the same functions marshmallow's fields call; the clock
the year rule reads comes in pydantic's validation `context`.

Out: `BookPublic`, `AuthorPublic`, `LoanPublic`, `AuthorWithBooksPublic`, `LoanWithBookPublic`,
`MemberPublic`, read from ORM rows (`from_attributes`), timestamps written by
`PlainSerializer` in UTC with a Z.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)

from day18_validation import rules
from shared.types import ID_MAX

SHELF_MAX = 50


def _year(value: object, info: ValidationInfo) -> int:
    """The year rule, with `today` from the validation context (else the real date)."""
    context: dict[str, Any] = info.context or {}
    return rules.check_year(value, today=context.get("today", dt.date.today)())


def _returned(value: object) -> bool:
    if value is not True:  # Literal[True] would let 1 through: 1 == True in Python
        raise ValueError("must be true")
    return True


def _whole(low: int, high: int) -> BeforeValidator:
    return BeforeValidator(lambda value: rules.whole_number(value, low=low, high=high))


Text = Annotated[str, BeforeValidator(rules.clean_text)]
Year = Annotated[int, BeforeValidator(_year)]
Isbn = Annotated[str, BeforeValidator(rules.clean_isbn)]
Copies = Annotated[int, _whole(0, 1000)]
Id = Annotated[int, _whole(1, ID_MAX)]
Email = Annotated[str, BeforeValidator(rules.clean_email)]
Timestamp = Annotated[
    dt.datetime, BeforeValidator(rules.parse_timestamp), PlainSerializer(rules.timestamp)
]
Stamp = Annotated[dt.datetime, PlainSerializer(rules.timestamp)]  # output only


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


# --- in ------------------------------------------------------------------------------------


class BookCreate(_In):
    """POST /books, PUT /books/{id}: every field but `copies` (default 1) is required."""

    title: Text
    author: Text
    year: Year
    isbn: Isbn
    copies: Copies = 1


class BookPatch(_In):
    """PATCH /books/{id}: any of the fields. Absent means unchanged; `null` is refused."""

    title: Text | None = None
    author: Text | None = None
    year: Year | None = None
    isbn: Isbn | None = None
    copies: Copies | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        """`None` is only the default of a field not sent: a client's null is no value."""
        if value is None:
            raise ValueError("may not be null")
        return value


class AuthorWrite(_In):
    """POST /authors, PUT /authors/{id}."""

    name: Text


class LoanCreate(_In):
    """POST /loans."""

    book_id: Id
    borrower: Text


class LoanPatch(_In):
    """PATCH /loans/{id}: `{"returned": true}`."""

    returned: Annotated[bool, BeforeValidator(_returned)]


class ShelfBook(_In):
    """A book inside AuthorWithBooksCreate: BookCreate without `author`."""

    title: Text
    year: Year
    isbn: Isbn
    copies: Copies = 1


class AuthorWithBooksCreate(_In):
    """POST /authors/with-books: an author and up to 50 books of theirs."""

    name: Text
    books: Annotated[list[ShelfBook], Field(max_length=SHELF_MAX)]


class MemberCreate(_In):
    """A member: day 14's email check, an enum, a timestamp kept in UTC."""

    name: Text
    email: Email
    tier: Annotated[rules.Tier, Field(strict=False)] = rules.Tier.STANDARD  # "student" is JSON's
    joined_at: Timestamp


# --- out -----------------------------------------------------------------------------------


class BookPublic(BaseModel):
    """A book as the API shows it: the author's name and id, and the copies free."""

    id: int
    title: str
    author: str
    author_id: int
    year: int
    isbn: str
    copies: int
    available: int

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: Any) -> Any:
        """An ORM Book (or any object like it) becomes the fields; a dict passes as it is."""
        # solution: read the row's attributes; the author's name, copies minus lent (>= 0)
        if isinstance(data, dict):
            return data
        return {
            "id": data.id,
            "title": data.title,
            "author": data.author.name,
            "author_id": data.author_id,
            "year": data.year,
            "isbn": data.isbn,
            "copies": data.copies,
            "available": max(data.copies - data.lent, 0),
        }
        # end solution


class AuthorPublic(BaseModel):
    """An author."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class AuthorWithBooksPublic(AuthorPublic):
    """An author and their books, nested."""

    books: list[BookPublic]


class LoanPublic(BaseModel):
    """A loan; `returned_at` is null while the copy is out."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    book_id: int
    borrower: str
    lent_at: Stamp
    returned_at: Stamp | None


class LoanWithBookPublic(BaseModel):
    """A loan with its book nested in place of `book_id`."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    borrower: str
    lent_at: Stamp
    returned_at: Stamp | None
    book: BookPublic


class MemberPublic(BaseModel):
    """A member as loaded: the normalised email, the tier's value, the time in UTC."""

    model_config = ConfigDict(from_attributes=True)

    name: str
    email: str
    tier: rules.Tier
    joined_at: Stamp
