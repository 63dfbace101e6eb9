"""The hand-written validators, through the package API (the routes' tests cover the HTTP side)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from day03_flask_crud import (
    NewBook,
    ValidationError,
    parse_book_changes,
    parse_new_book,
    parse_page_request,
)
from day03_flask_crud.tests.helpers import VALID_BOOK


def test_a_valid_body_becomes_a_new_book() -> None:
    assert parse_new_book(VALID_BOOK) == NewBook(
        "Clean Architecture", "Robert C. Martin", 2017, "9780134494166"
    )


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_new_book({"title": 1, "year": True, "colour": "red"})
    fields = [error.field for error in caught.value.errors]
    assert fields == ["colour", "author", "isbn", "title", "year"], (
        "unknown, then missing, then wrong fields, so a client fixes everything in one go"
    )
    assert str(caught.value).startswith("Invalid input: colour is not a book field; ")


@pytest.mark.parametrize(
    ("year", "accepted"),
    [
        pytest.param(1450, True, id="1450-accepted"),
        pytest.param(1449, False, id="1449-refused"),
        pytest.param(dt.date.today().year + 1, True, id="next-year-accepted"),
        pytest.param(dt.date.today().year + 2, False, id="two-years-ahead-refused"),
    ],
)
def test_year_bounds_are_1450_to_next_year(year: int, accepted: bool) -> None:
    body: dict[str, Any] = {**VALID_BOOK, "year": year}
    if accepted:
        assert parse_new_book(body).year == year
    else:
        with pytest.raises(ValidationError, match="year must be between 1450"):
            parse_new_book(body)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        pytest.param(True, "a boolean", id="boolean"),
        pytest.param(None, "null", id="null"),
        pytest.param("1999", "a string", id="string"),
        pytest.param(1999.0, "a decimal number", id="decimal"),
        pytest.param([1999], "an array", id="array"),
        pytest.param({"y": 1999}, "an object", id="object"),
    ],
)
def test_wrong_year_type_names_the_json_type_sent(value: Any, kind: str) -> None:
    with pytest.raises(ValidationError, match=f"year must be an integer, not {kind}"):
        parse_new_book({**VALID_BOOK, "year": value})


def test_a_number_title_is_named_as_a_number() -> None:
    with pytest.raises(ValidationError, match="title must be a string, not a number"):
        parse_new_book({**VALID_BOOK, "title": 42})


def test_a_long_bad_isbn_is_shortened_in_the_message() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_new_book({**VALID_BOOK, "isbn": "1" * 1000})
    assert len(str(caught.value)) < 200, "messages must stay readable whatever the client sent"


def test_changes_hold_only_the_fields_sent_cleaned() -> None:
    assert parse_book_changes({"title": " New ", "isbn": "0-262-51087-1"}) == {
        "title": "New",
        "isbn": "0262510871",
    }


def test_page_request_defaults_and_offset() -> None:
    wanted = parse_page_request({"page": "3", "per_page": "10", "q": " Py "})
    assert (wanted.query, wanted.page, wanted.per_page, wanted.offset) == ("Py", 3, 10, 20)
    assert parse_page_request({}).offset == 0


def test_bad_page_and_per_page_are_both_reported() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_page_request({"page": "x" * 50, "per_page": "0"})
    assert [e.field for e in caught.value.errors] == ["page", "per_page"]
    assert "xxxxxxxxxxxxxxxxxxxx..." in str(caught.value), "long values are shortened"
