"""Small helpers every renderer shares: numbers, counts and values as short one-line text."""

from __future__ import annotations

import html
import math
import re

from day01_csv_report.report import ColumnSummary, Number

MISSING_MARK = "-"


def number(value: Number | None) -> str:
    """A number in at most 11 characters: 1,234 / 1,234.57 / 0.001234 / 1.235e+12."""
    if value is None:
        return MISSING_MARK
    if isinstance(value, int):
        text = f"{value:,}"
        return text if len(text) <= 11 else f"{value:.3e}"
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude == 0 or 1 <= magnitude < 1e6:
        return f"{value:,.2f}"
    return f"{value:.4g}" if 1e-3 <= magnitude < 1 else f"{value:.3e}"


def count(value: int) -> str:
    """A count with thousands separators."""
    return f"{value:,}"


def distinct(column: ColumnSummary) -> str:
    """The distinct count, as a lower bound (≥) when the column had too many to count."""
    return count(column.distinct) if column.distinct_exact else f"≥{column.distinct:,}"


def one_line(value: str, width: int) -> str:
    """A value on one line, clipped: whitespace runs (newlines too) become one space, and
    control characters (a terminal escape sequence, say) become U+FFFD."""
    text = _CONTROL.sub("\ufffd", " ".join(value.split())) if value.strip() else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def markup(value: object) -> str:
    """Text escaped for HTML and SVG, with characters XML forbids replaced by U+FFFD."""
    return html.escape(_CONTROL.sub("\ufffd", str(value)))
