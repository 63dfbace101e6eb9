"""Small helpers every renderer shares: numbers, counts and values as short one-line text."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable

from day01_csv_report.report import ColumnSummary, Number, Report

MISSING_MARK = "-"
MAX_DECIMALS = 6
NumberFormat = Callable[[Number | None], str]


def _decimals(values: list[Number]) -> int:
    """Decimals that show the smallest non-zero value with two significant digits (2 to 6)."""
    if all(isinstance(v, int) or v.is_integer() for v in values):
        return 0
    smallest = min((abs(v) for v in values if v), default=1.0)
    return max(2, min(MAX_DECIMALS, 1 - math.floor(math.log10(smallest))))


def number_format(values: Iterable[Number | None], *, width: int = 11) -> NumberFormat:
    """One format for a row or column of numbers, so that they line up and compare at a glance.

    Every value gets the same decimals: `1.00  2.00  2.53`, never `1.00` beside `2`, and
    `0.000` beside `0.050`, never `0.00` beside `0.05`. When some value would not fit in
    `width` characters that way, they all go to scientific notation (`1.235e+12`).
    """
    finite = [v for v in values if v is not None and math.isfinite(v)]
    decimals = _decimals(finite)
    fits = all(len(f"{v:,.{decimals}f}") <= width for v in finite)
    tiny = decimals == MAX_DECIMALS and any(0 < abs(v) < 10**-4 for v in finite)

    def show(value: Number | None) -> str:
        if value is None:
            return MISSING_MARK
        if not math.isfinite(value):
            return str(value)
        return f"{value:,.{decimals}f}" if fits and not tiny else f"{value:.3e}"

    return show


def plural(n: int, noun: str) -> str:
    """`1 row`, `3,000 rows`."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def overview(report: Report, *, delimiter: str) -> str:
    """The line under every report's title: rows, columns, delimiter, encoding."""
    return (
        f"{plural(report.rows, 'row')} · {plural(len(report.columns), 'column')}"
        f" · delimiter {delimiter} · encoding {report.encoding}"
    )


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
