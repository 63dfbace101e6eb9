"""Hand-written validation of JSON bodies and query strings (day 18 replaces it with schemas).

Every check names the field it failed on, and all problems of one request are reported at
once. A JSON `true` is a bool, and a bool is an int in Python: the year check rules it out.
JSON can also carry text that is not Unicode: `"\ud800"` decodes to a lone surrogate, which
no UTF-8 file can hold, so the text check rules it out too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from day03_flask_crud.errors import ValidationError
from day03_flask_crud.isbn import normalize_isbn
from day03_flask_crud.models import FIELDS, BookChanges, NewBook
from shared.problems import FieldError

MIN_YEAR = 1450  # the printing press: older works appear here in later editions
MAX_TEXT = 300
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
_WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a valid pair decodes to one code point


@dataclass(frozen=True)
class PageRequest:
    """What `GET /view` was asked for: a search text and a page of results."""

    query: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        """How many matching books come before this page."""
        return (self.page - 1) * self.per_page


def max_year() -> int:
    """The latest publication year accepted: next year, for announced books."""
    return dt.date.today().year + 1


def parse_new_book(payload: object) -> NewBook:
    """Return the book in a JSON body that must hold every field, or raise ValidationError."""
    values = _parse_fields(payload, partial=False)
    return NewBook(
        title=values["title"], author=values["author"], year=values["year"], isbn=values["isbn"]
    )


def parse_book_changes(payload: object) -> BookChanges:
    """Return the fields present in a JSON body (none required), or raise ValidationError."""
    values = _parse_fields(payload, partial=True)
    return cast(BookChanges, values)


def parse_page_request(args: Mapping[str, str]) -> PageRequest:
    """Read `q`, `page` and `per_page` from a query string, or raise ValidationError."""
    errors: list[FieldError] = []
    page = _whole_number(args, "page", 1, (1, MAX_PAGE), errors)
    per_page = _whole_number(args, "per_page", DEFAULT_PER_PAGE, (1, MAX_PER_PAGE), errors)
    if errors:
        raise ValidationError(errors)
    return PageRequest(query=args.get("q", "").strip(), page=page, per_page=per_page)


def _parse_fields(payload: object, *, partial: bool) -> dict[str, Any]:
    """The checked fields of a JSON object; ValidationError listing every problem at once.

    Unknown keys first, then missing ones (unless `partial`), then each value's check.
    """
    # solution: check the body is an object, then collect unknown, missing and invalid fields
    if not isinstance(payload, dict):
        kind = _json_type(payload)
        raise ValidationError([FieldError("body", f"must be a JSON object, not {kind}")])
    errors = [FieldError(str(key), "is not a book field") for key in payload if key not in FIELDS]
    if not partial:
        errors += [FieldError(name, "is required") for name in FIELDS if name not in payload]
    values: dict[str, Any] = {}
    for name in FIELDS:
        if name in payload:
            value, problem = _CHECKS[name](payload[name])
            if problem:
                errors.append(FieldError(name, problem))
            values[name] = value
    if errors:
        raise ValidationError(errors)
    return values
    # end solution


def _check_text(value: object) -> tuple[object, str | None]:
    if not isinstance(value, str):
        return value, f"must be a string, not {_json_type(value)}"
    text = value.strip()
    if not text:
        return value, "must not be blank"
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate:
        code = ord(surrogate.group())
        return value, f"must be valid Unicode text, not hold the lone surrogate U+{code:04X}"
    if len(text) > MAX_TEXT:
        return value, f"must be at most {MAX_TEXT} characters, not {len(text)}"
    return text, None


def _check_year(value: object) -> tuple[object, str | None]:
    """(the year, None), or (the value, what is wrong): an int, not a bool, in range."""
    # solution: accept an int that is not a bool, from MIN_YEAR to max_year()
    if isinstance(value, bool) or not isinstance(value, int):
        return value, f"must be an integer, not {_json_type(value)}"
    if not MIN_YEAR <= value <= max_year():
        return value, f"must be between {MIN_YEAR} and {max_year()}, not {value}"
    return value, None
    # end solution


def _check_isbn(value: object) -> tuple[object, str | None]:
    if not isinstance(value, str):
        return value, f"must be a string, not {_json_type(value)}"
    isbn = normalize_isbn(value)
    if isbn is None:
        shown = value if len(value) <= 40 else value[:40] + "..."
        return value, f"must be a valid ISBN-10 or ISBN-13 (check digit included), not {shown!r}"
    return isbn, None


_CHECKS: dict[str, Callable[[object], tuple[object, str | None]]] = {
    "title": _check_text,
    "author": _check_text,
    "year": _check_year,
    "isbn": _check_isbn,
}


def _whole_number(
    args: Mapping[str, str],
    name: str,
    default: int,
    bounds: tuple[int, int],
    errors: list[FieldError],
) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    low, high = bounds
    if _WHOLE_NUMBER.fullmatch(raw) and low <= int(raw) <= high:
        return int(raw)
    shown = raw if len(raw) <= 20 else raw[:20] + "..."
    errors.append(FieldError(name, f"must be a whole number from {low} to {high}, not {shown!r}"))
    return default


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages ("a boolean", "an array")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
