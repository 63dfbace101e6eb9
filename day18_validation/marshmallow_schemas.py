"""marshmallow 4 schemas of the contract: one schema per resource, loading and dumping.

One schema serves both directions, as marshmallow intends: `load_only` fields come in and
never go out (a book's `author` name, a loan's `returned`), `dump_only` fields go out and are
*unknown* on the way in (`id`, `author_id`, `available`, `lent_at`), so `{"id": 5, ...}` is
refused like any unknown key (`Meta.unknown = RAISE`, marshmallow's default, said aloud).
`BookSchema(partial=True)` is the PATCH body: only the fields sent are checked and returned
(and `copies` gets no default). Nested schemas give an author with their books and a loan
with its book.

marshmallow 4's API: `load_default=` / `dump_default=` (no `missing=` or `default=`), and no
`Schema(context=...)`: the clock the year rule reads travels in
`marshmallow.experimental.context.Context`, a context variable set around each `load`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields
from marshmallow.experimental.context import Context

from day18_validation import rules
from shared.types import ID_MAX

SHELF_MAX = 50  # books in one POST /authors/with-books


def today() -> dt.date:
    """The date the year rule counts from: the load's Context, else the real date."""
    context: Mapping[str, Any] = Context.get({})
    clock = context.get("today", dt.date.today)
    value: dt.date = clock()
    return value


class _RuleField(fields.Field[Any]):
    """A field whose loading is one function of `rules`."""

    def check(self, value: object) -> object:
        """The rule: the clean value, or ValueError."""
        raise NotImplementedError

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> Any:
        # solution: run the rule; turn its ValueError into marshmallow's ValidationError
        try:
            return self.check(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        # end solution


class Text(_RuleField):
    """The contract's `Text`: trimmed, 1-300 characters, something visible."""

    def check(self, value: object) -> object:
        return rules.clean_text(value)


class Whole(_RuleField):
    """A strict integer between two bounds (`"1"` and `true` refused; `2.0` is 2)."""

    def __init__(self, *, low: int, high: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low, self.high = low, high

    def check(self, value: object) -> object:
        return rules.whole_number(value, low=self.low, high=self.high)


class Year(_RuleField):
    """A publication year up to next year, by the clock in the load's Context."""

    def check(self, value: object) -> object:
        return rules.check_year(value, today=today())


class Isbn(_RuleField):
    """An ISBN with its check digit (day 3's code), compacted."""

    def check(self, value: object) -> object:
        return rules.clean_isbn(value)


class Email(_RuleField):
    """An email address, normalised by day 14's library."""

    def check(self, value: object) -> object:
        return rules.clean_email(value)


class Returned(_RuleField):
    """`true` and nothing else (not 1, not "true")."""

    def check(self, value: object) -> object:
        if value is not True:
            raise ValueError("must be true")
        return True


class Timestamp(_RuleField):
    """RFC 3339 in, UTC out: `2024-05-01T11:30:00+02:00` loads and dumps as `...09:30:00Z`."""

    def check(self, value: object) -> object:
        return rules.parse_timestamp(value)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else rules.timestamp(value)


class BoundedList(fields.List[Any]):
    """A list of at most `high` items, its length checked before its items (as pydantic does)."""

    def __init__(self, inner: fields.Field[Any], *, high: int, **kwargs: Any) -> None:
        super().__init__(inner, **kwargs)
        self.high = high

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> list[Any]:
        if isinstance(value, list) and len(value) > self.high:
            raise ValidationError(f"must hold at most {self.high} items")
        return super()._deserialize(value, attr, data, **kwargs)


def Id(**kwargs: Any) -> Whole:  # noqa: N802 (reads like the field class it makes)
    """A row id: a whole number from 1 to the largest SQL INTEGER."""
    return Whole(low=1, high=ID_MAX, **kwargs)


def Copies(**kwargs: Any) -> Whole:  # noqa: N802
    """How many copies: 0 to 1000."""
    return Whole(low=0, high=1000, **kwargs)


class _Strict(Schema):
    class Meta:
        unknown = RAISE  # marshmallow's default; a contract that says "no other keys" says it too


class BookSchema(_Strict):
    """Loads BookCreate (BookPatch with `partial=True`); dumps a Book."""

    id = fields.Integer(dump_only=True)
    title = Text(required=True)
    author = Text(required=True, load_only=True)
    author_name = fields.Function(lambda book: book.author.name, data_key="author", dump_only=True)
    author_id = fields.Integer(dump_only=True)
    year = Year(required=True)
    isbn = Isbn(required=True)
    copies = Copies(load_default=1)
    available = fields.Method("count_available", dump_only=True)

    def count_available(self, book: Any) -> int:
        """Copies not lent out right now."""
        # solution: the copies not lent out (never below 0)
        available: int = max(book.copies - book.lent, 0)
        return available
        # end solution


class ShelfBookSchema(_Strict):
    """A book inside AuthorWithBooksCreate: BookCreate without `author`."""

    title = Text(required=True)
    year = Year(required=True)
    isbn = Isbn(required=True)
    copies = Copies(load_default=1)


class AuthorSchema(_Strict):
    """Loads AuthorWrite; dumps an Author."""

    id = fields.Integer(dump_only=True)
    name = Text(required=True)


class AuthorWithBooksSchema(AuthorSchema):
    """Loads AuthorWithBooksCreate (their shelf); dumps AuthorWithBooks (their books, nested)."""

    books = BoundedList(
        fields.Nested(ShelfBookSchema), high=SHELF_MAX, required=True, load_only=True
    )
    shelf = fields.List(
        fields.Nested(BookSchema), data_key="books", attribute="books", dump_only=True
    )


class LoanSchema(_Strict):
    """Loads LoanCreate; dumps a Loan (`lent_at`, `returned_at` in UTC with a Z)."""

    id = fields.Integer(dump_only=True)
    book_id = Id(required=True)
    borrower = Text(required=True)
    lent_at = Timestamp(dump_only=True)
    returned_at = Timestamp(dump_only=True)


class LoanPatchSchema(_Strict):
    """Loads LoanPatch: `{"returned": true}`, an input that is never dumped."""

    returned = Returned(required=True, load_only=True)


class LoanWithBookSchema(_Strict):
    """Dumps LoanWithBook: the loan, its book nested in place of `book_id`."""

    id = fields.Integer(dump_only=True)
    borrower = fields.String(dump_only=True)
    lent_at = Timestamp(dump_only=True)
    returned_at = Timestamp(dump_only=True)
    book = fields.Nested(BookSchema, dump_only=True)


class MemberSchema(_Strict):
    """Loads MemberCreate, dumps a Member: an email, an enum, a timestamp."""

    name = Text(required=True)
    email = Email(required=True)
    tier = fields.Enum(rules.Tier, by_value=True, load_default=rules.Tier.STANDARD)
    joined_at = Timestamp(required=True)
