"""ISBN check digits: ISBN-10 (weights 10..1, modulo 11) and ISBN-13 (weights 1,3, modulo 10)."""

from __future__ import annotations

import re

_ISBN10 = re.compile(r"[0-9]{9}[0-9X]")
_ISBN13 = re.compile(r"97[89][0-9]{10}")
_SEPARATORS = re.compile(r"[\s-]")


def normalize_isbn(text: str) -> str | None:
    """Return the ISBN without hyphens or spaces (a final x upper-cased), or None if invalid.

    >>> normalize_isbn("978-0-13-110362-7")
    '9780131103627'
    >>> normalize_isbn("0-13-110362-9") is None
    True
    """
    compact = _SEPARATORS.sub("", text).upper()
    if _ISBN10.fullmatch(compact) and _isbn10_checksum_ok(compact):
        return compact
    if _ISBN13.fullmatch(compact) and _isbn13_checksum_ok(compact):
        return compact
    return None


def _isbn10_checksum_ok(digits: str) -> bool:
    """True when the ten characters (X counts 10) weighted 10, 9, ..., 1 sum to a multiple of 11."""
    # solution: weigh the characters 10 down to 1 (X is 10); the sum must divide by 11
    values = [10 if char == "X" else int(char) for char in digits]
    weighted = sum(weight * value for weight, value in zip(range(10, 0, -1), values, strict=True))
    return weighted % 11 == 0
    # end solution


def _isbn13_checksum_ok(digits: str) -> bool:
    """True when the thirteen digits weighted 1, 3, 1, 3, ... sum to a multiple of 10."""
    # solution: weigh the digits 1, 3, 1, 3, ...; the sum must divide by 10
    return sum((3 if i % 2 else 1) * int(char) for i, char in enumerate(digits)) % 10 == 0
    # end solution
