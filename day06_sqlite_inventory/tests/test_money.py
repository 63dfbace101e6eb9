"""Prices are parsed with decimal into integer cents and formatted back exactly."""

from __future__ import annotations

import pytest

from day06_sqlite_inventory import InvalidValueError, format_cents, parse_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [("12.34", 1234), ("12", 1200), ("0.5", 50), ("0.29", 29), (" 1.10 ", 110), ("1E+2", 10000)],
)
def test_parse_cents_is_exact(text: str, cents: int) -> None:
    assert parse_cents(text) == cents, "0.29 must be 29 cents (a float would give 28.999...)"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12.345", "more than two decimal places"),
        ("abc", "not a number"),
        ("-1", "zero or more"),
        ("NaN", "zero or more"),
        ("Infinity", "zero or more"),
        ("10000001", "above the limit"),
    ],
)
def test_parse_cents_rejects_invalid_prices(text: str, reason: str) -> None:
    with pytest.raises(InvalidValueError, match=reason):
        parse_cents(text)


@pytest.mark.parametrize(
    ("cents", "text"), [(0, "0.00"), (5, "0.05"), (1234, "12.34"), (-5, "-0.05")]
)
def test_format_cents_always_shows_two_decimals(cents: int, text: str) -> None:
    assert format_cents(cents) == text
