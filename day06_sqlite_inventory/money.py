"""Prices as integer cents: parsed with `decimal`, never through a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from day06_sqlite_inventory.errors import InvalidValueError

MAX_PRICE_CENTS = 1_000_000_000  # ten million per unit keeps every stock value inside int64


def parse_cents(text: str) -> int:
    """Turn a price such as "12.34", "12" or "0.5" into cents (1234, 1200, 50).

    Floats are never involved: `float("0.29") * 100` is 28.999999999999996.
    """
    # solution: parse with Decimal; refuse text, negatives, over 2 decimals, over the limit
    try:
        amount = Decimal(text.strip())
    except InvalidOperation as exc:
        message = f"price {text!r} is not a number"
        raise InvalidValueError(message, hint="write it like 12.34") from exc
    if not amount.is_finite() or amount < 0:
        raise InvalidValueError(f"price {text!r} must be zero or more")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidValueError(f"price {text!r} has more than two decimal places")
    if cents > MAX_PRICE_CENTS:
        limit = format_cents(MAX_PRICE_CENTS)
        raise InvalidValueError(f"price {text!r} is above the limit of {limit}")
    return int(cents)
    # end solution


def format_cents(cents: int) -> str:
    """Format cents as a plain decimal string: 1234 -> "12.34", -5 -> "-0.05"."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"
