"""ISBN check digits, on real books' numbers."""

from __future__ import annotations

import pytest

from day03_flask_crud import normalize_isbn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9780131103627", "9780131103627"),
        ("978-0-13-110362-7", "9780131103627"),
        ("978 0 13 110362 7", "9780131103627"),
        ("0262510871", "0262510871"),
        ("0-8044-2957-X", "080442957X"),
        ("080442957x", "080442957X"),
        ("9791032305690", "9791032305690"),
    ],
)
def test_valid_isbn_10_and_13_are_normalised(text: str, expected: str) -> None:
    assert normalize_isbn(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "9780131103628",  # wrong ISBN-13 check digit
        "0262510872",  # wrong ISBN-10 check digit
        "X262510871",  # X is only allowed as the last ISBN-10 character
        "1234567890123",  # right length, no 978/979 prefix and a wrong check digit
        "9770131103621",  # 977 is an ISSN prefix, not a book
        "026251087",  # too short
        "٠٢٦٢٥١٠٨٧١",  # Arabic-Indic digits are digits to Python, not to an ISBN
        "",
    ],
)
def test_invalid_isbn_is_rejected(text: str) -> None:
    assert normalize_isbn(text) is None, f"{text!r} must not pass as an ISBN"
