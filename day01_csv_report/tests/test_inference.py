"""Each column gets the right type, counts, distinct values, dates and booleans."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest

from day01_csv_report import DISTINCT_CAP, MISSING_TOKENS, ColumnSummary, analyze


def _column(text: str, name: str = "x") -> ColumnSummary:
    return analyze(io.StringIO(text, newline="")).column(name)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param(["1", "2", "-3", "+4"], "integer", id="signed-integers"),
        pytest.param(["1", "2.5", "3e2", "-0.1"], "float", id="floats-and-exponents"),
        pytest.param(["true", "False", "YES", "n"], "boolean", id="booleans-any-case"),
        pytest.param(["2024-01-05", "2023-12-31", "2024-02-29"], "date", id="iso-dates"),
        pytest.param(
            ["2024-01-05T10:00:00", "2024-01-05 11:30", "2024-01-06"], "datetime", id="datetimes"
        ),
        pytest.param(["red", "green", "3"], "text", id="words-and-a-number"),
        pytest.param(["1", "2", "x"], "text", id="numbers-and-a-word"),
        pytest.param(["2024-01-05", "tomorrow"], "text", id="a-date-and-a-word"),
        pytest.param(["", "NA", "null"], "empty", id="only-missing-values"),
        pytest.param(["1", "-", "3"], "integer", id="dash-is-missing"),
    ],
)
def test_column_type_is_inferred_from_every_value(cells: list[str], expected: str) -> None:
    column = _column("x\n" + "\n".join(cells) + "\n")
    assert column.type == expected, f"{cells} should make a {expected} column"


def test_missing_tokens_and_blanks_are_missing_not_values() -> None:
    column = _column("x\n1\nNA\n \nn/a\nNULL\nnan\n2\n\n3\n-\n")  # a blank line is no row
    assert column.type == "integer", "missing tokens must not turn a number column into text"
    assert (column.count, column.missing) == (3, 6), "NA, blank, n/a, NULL, nan and - are missing"


def test_a_dash_in_a_text_column_is_missing_not_a_top_value() -> None:
    column = _column("x,y\nred,1\n-,2\n-,3\nblue,4\n")
    assert (column.count, column.missing) == (2, 2)
    assert "-" not in [v.value for v in column.top_values], "a lone - marks a missing value"


def test_every_documented_missing_token_is_missing() -> None:
    tokens = ["", " ", "NA", "n/a", "#N/A", "NaN", "null", "None", "<NA>", "-"]
    column = _column("x,y\n" + "".join(f"{token},1\n" for token in tokens) + "red,1\n")
    assert column.missing == len(tokens), f"each of {tokens} counts as missing"
    assert "-" in MISSING_TOKENS, "MISSING_TOKENS lists the tokens the README documents"


def test_text_column_counts_missing_and_distinct_values() -> None:
    column = _column("x,y\nred,1\nblue,2\n,3\nred,4\nN/A,5\nred,6\n")
    assert column.type == "text"
    assert (column.count, column.missing, column.distinct) == (4, 2, 2)
    assert [(v.value, v.count) for v in column.top_values] == [("red", 3), ("blue", 1)]


def test_a_word_late_in_a_number_column_makes_it_text() -> None:
    rows = [str(i) for i in range(20_000)] + ["unknown"]
    column = _column("x\n" + "\n".join(rows) + "\n")
    assert column.type == "text"
    assert column.numeric is None
    assert column.count == 20_001


def test_integers_then_floats_make_a_float_column() -> None:
    rows = [str(i) for i in range(10_000)] + ["0.5"]
    column = _column("x\n" + "\n".join(rows) + "\n")
    assert column.type == "float"
    assert column.numeric is not None
    assert column.numeric.maximum == 9_999
    assert column.numeric.minimum == 0


def test_date_columns_report_range_and_values_per_month() -> None:
    column = _column("x\n2024-01-31\n2024-01-02\n\n2024-03-01\n")
    assert column.dates is not None
    assert (column.dates.minimum, column.dates.maximum) == ("2024-01-02", "2024-03-01")
    assert column.dates.span_days == 59
    assert [(m.value, m.count) for m in column.dates.by_month] == [("2024-01", 2), ("2024-03", 1)]


def test_datetime_columns_report_their_range() -> None:
    column = _column("x\n2024-01-05T10:00:00\n2024-01-04\n2024-02-01T08:15:00\n")
    assert column.type == "datetime"
    assert column.dates is not None
    assert column.dates.minimum == "2024-01-04T00:00:00"
    assert column.dates.maximum == "2024-02-01T08:15:00"


def test_mixing_naive_and_aware_datetimes_makes_text() -> None:
    column = _column("x\n2024-01-05T10:00:00\n2024-01-05T10:00:00+02:00\n")
    assert column.type == "text", "naive and aware datetimes cannot be ordered together"


def test_boolean_columns_count_true_and_false() -> None:
    column = _column("x\ntrue\nFALSE\nyes\n\nno\nT\n")
    assert column.boolean is not None
    assert (column.boolean.true, column.boolean.false) == (3, 2)


def test_distinct_count_is_a_lower_bound_past_the_cap() -> None:
    rows = [f"id-{i}" for i in range(DISTINCT_CAP + 5_000)] + ["id-1"] * 3 + [""]
    column = _column("x,y\n" + "\n".join(f"{cell},1" for cell in rows) + "\n")
    assert not column.distinct_exact, "past the cap the distinct count is only a lower bound"
    assert column.distinct > DISTINCT_CAP
    assert column.missing == 1, "missing values are still counted past the cap"
    assert column.top_values[0].value == "id-1"
    assert column.top_values[0].count == 4, "values seen before the cap keep exact counts"


def test_datetimes_past_the_cap_keep_range_and_months() -> None:
    starts = (datetime(2024, 1, 1), datetime(2024, 2, 1))
    rows = [(start + timedelta(seconds=s)).isoformat() for start in starts for s in range(6_000)]
    column = _column("x\n" + "\n".join(rows) + "\nNA\n")
    assert column.type == "datetime"
    assert not column.distinct_exact
    assert column.missing == 1
    assert column.dates is not None
    assert column.dates.maximum == "2024-02-01T01:39:59"
    assert [(m.value, m.count) for m in column.dates.by_month] == [
        ("2024-01", 6_000),
        ("2024-02", 6_000),
    ]


@pytest.mark.internal
def test_very_long_text_values_are_counted_in_bounded_memory() -> None:
    """The reference counts a value over 1,000 characters by its first 1,000 (fastpath)."""
    long_a, long_b = "a" * 5_000 + "1", "a" * 5_000 + "2"
    column = _column(f"x,y\n{long_a},1\n{long_b},2\n{long_a},3\nshort,4\n")
    assert column.type == "text" and column.count == 4
    assert max(len(v.value) for v in column.top_values) < 5_000, "long values are shortened"
