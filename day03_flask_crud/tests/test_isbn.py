"""ISBN check digits, on real books' numbers."""

from __future__ import annotations

import pytest

from day03_flask_crud import normalize_isbn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("9780131103627", "9780131103627", id="isbn-13"),
        pytest.param("978-0-13-110362-7", "9780131103627", id="isbn-13-hyphens"),
        pytest.param("978 0 13 110362 7", "9780131103627", id="isbn-13-spaces"),
        pytest.param("0262510871", "0262510871", id="isbn-10"),
        pytest.param("0-8044-2957-X", "080442957X", id="isbn-10-check-digit-x"),
        pytest.param("080442957x", "080442957X", id="isbn-10-lowercase-x"),
        pytest.param("9791032305690", "9791032305690", id="isbn-13-979-prefix"),
    ],
)
def test_valid_isbn_10_and_13_are_normalised(text: str, expected: str) -> None:
    assert normalize_isbn(text) == expected, (
        f"{text!r} is a valid ISBN: expect it without separators, a final x as X"
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("9780131103628", id="isbn-13-wrong-check-digit"),
        pytest.param("0262510872", id="isbn-10-wrong-check-digit"),
        pytest.param("X262510871", id="x-not-last"),
        pytest.param("1234567890123", id="no-978-979-prefix"),
        pytest.param("9770131103621", id="issn-prefix-977"),
        pytest.param("026251087", id="too-short"),
        pytest.param("٠٢٦٢٥١٠٨٧١", id="arabic-indic-digits"),  # digits to Python, not to an ISBN
        pytest.param("", id="empty"),
    ],
)
def test_invalid_isbn_is_rejected(text: str) -> None:
    assert normalize_isbn(text) is None, f"{text!r} must not pass as an ISBN"
