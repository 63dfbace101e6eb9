"""Numeric statistics agree with the `statistics` module on generated data."""

from __future__ import annotations

import io
import math
import random
import statistics
from array import array
from collections import Counter

import pytest

from day01_csv_report import NumericSummary, analyze


def _numbers_csv(values: list[int | float | None]) -> io.StringIO:
    """A CSV of `value,label` rows (a second column, so that an empty value is not a blank line)."""
    lines = ["value,label"] + [f"{'' if v is None else repr(v)},a" for v in values]
    return io.StringIO("\n".join(lines) + "\n", newline="")


def _check(summary: NumericSummary, data: list[float]) -> None:
    q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
    assert summary.minimum == min(data)
    assert summary.maximum == max(data)
    assert summary.mean == pytest.approx(statistics.fmean(data), rel=1e-12)
    assert summary.stddev == pytest.approx(statistics.stdev(data), rel=1e-9)
    assert summary.median == pytest.approx(statistics.median(data), rel=1e-12)
    assert summary.q1 == pytest.approx(q1, rel=1e-12), "quartiles use the inclusive method"
    assert summary.q3 == pytest.approx(q3, rel=1e-12), "quartiles use the inclusive method"
    assert summary.total == pytest.approx(math.fsum(data), rel=1e-12)
    assert sum(summary.histogram.counts) == len(data), "every value falls in one histogram bin"


GENERATORS = {
    "few repeated integers": lambda rng: rng.randint(-5, 40),
    "many distinct floats": lambda rng: round(rng.gauss(1_000, 250), 4),
    "floats with a few values": lambda rng: rng.choice((0.5, 1.25, 2.0, 9.75)),
    "large integers": lambda rng: rng.randint(-(10**12), 10**12),
}


@pytest.mark.parametrize("kind", GENERATORS)
def test_numeric_statistics_match_the_statistics_module(kind: str) -> None:
    rng = random.Random(kind)
    values = [None if rng.random() < 0.05 else GENERATORS[kind](rng) for _ in range(6_000)]
    data = [v for v in values if v is not None]
    column = analyze(_numbers_csv(values)).columns[0]
    assert column.numeric is not None, f"a column of {kind} must get numeric statistics"
    _check(column.numeric, data)
    assert column.count == len(data)
    assert column.missing == len(values) - len(data), "empty cells count as missing"
    assert column.distinct == len(set(data))


def test_increasing_ids_get_exact_statistics() -> None:
    data = list(range(1_000, 9_000))
    column = analyze(_numbers_csv(list(data))).columns[0]
    assert column.type == "integer"
    assert column.numeric is not None
    _check(column.numeric, [float(x) for x in data])
    assert column.distinct == len(data)
    assert [v.count for v in column.top_values] == [1] * 10, "all distinct: every count is 1"


def test_top_values_are_the_most_frequent_with_exact_counts() -> None:
    rng = random.Random(3)
    values: list[int | float | None] = [rng.choice((1, 1, 1, 2, 2, 3, 4, 5)) for _ in range(900)]
    column = analyze(_numbers_csv(values)).columns[0]
    expected = Counter(values).most_common(3)
    assert [(v.value, v.count) for v in column.top_values[:3]] == [(str(k), n) for k, n in expected]


def test_a_single_value_has_no_standard_deviation() -> None:
    column = analyze(_numbers_csv([42])).columns[0]
    assert column.numeric is not None
    assert column.numeric.stddev is None, "a sample standard deviation needs two values"
    assert (column.numeric.q1, column.numeric.median, column.numeric.q3) == (42, 42, 42)


def test_infinite_values_leave_mean_and_spread_undefined() -> None:
    source = io.StringIO("x\n1.5\ninf\n-inf\n2.5\n", newline="")
    numeric = analyze(source).columns[0].numeric
    assert numeric is not None
    assert (numeric.minimum, numeric.maximum) == (-math.inf, math.inf)
    assert numeric.mean is not None and math.isnan(numeric.mean)


def test_many_distinct_numbers_keep_exact_statistics() -> None:
    rng = random.Random(11)
    values = [None if rng.random() < 0.03 else rng.gauss(50, 20) for _ in range(60_000)]
    data = [v for v in values if v is not None]
    column = analyze(_numbers_csv(values)).columns[0]
    assert column.type == "float"
    assert column.numeric is not None
    _check(column.numeric, data)
    assert (column.count, column.distinct, column.distinct_exact) == (len(data), len(data), True)


def test_over_50000_distinct_repeated_numbers_count_exactly() -> None:
    values: list[int | float | None] = [i % 55_000 for i in range(120_000)] + [0.5]
    column = analyze(_numbers_csv(values)).columns[0]
    assert column.type == "float", "integers then one 0.5: a float column"
    assert column.numeric is not None
    _check(column.numeric, [float(v) for v in values if v is not None])
    assert column.distinct == 55_001
    assert [(v.value, v.count) for v in column.top_values[:2]] == [("0.0", 3), ("1.0", 3)]


def test_a_word_after_many_distinct_numbers_makes_text_with_a_lower_bound() -> None:
    values: list[int | float | None] = [*range(60_000), None]
    source = _numbers_csv(values)
    text = source.getvalue() + "oops,a\n"
    column = analyze(io.StringIO(text, newline="")).columns[0]
    assert column.type == "text"
    assert (column.count, column.missing) == (60_001, 1)
    assert not column.distinct_exact and column.distinct >= 50_000


@pytest.mark.parametrize("size", [10, 60_000], ids=["counted", "in-an-array"])
def test_oddly_spelled_nan_counts_as_missing(size: int) -> None:
    lines = ["value,label", "+nan,a", "NaN,a"] + [f"{i}.5,a" for i in range(size)] + ["+nan,a"]
    column = analyze(io.StringIO("\n".join(lines) + "\n", newline="")).columns[0]
    assert column.type == "float"
    assert (column.count, column.missing) == (size, 3)
    assert column.numeric is not None and column.numeric.minimum == 0.5


@pytest.mark.internal
def test_array_summaries_match_the_statistics_module() -> None:
    """The three ways to summarize an array: ids in order, few repeated values, many values."""
    from day01_csv_report.fastpath import distribution_of_array
    from day01_csv_report.numeric import summarize_numbers

    rng = random.Random(2)
    cases = {
        "increasing ids": array("q", range(10, 20_000, 3)),
        "few values": array("d", (rng.choice((1.5, 2.5, 4.0)) for _ in range(20_000))),
        "many values": array("d", (rng.random() for _ in range(20_000))),
    }
    for name, numbers in cases.items():
        dist = distribution_of_array(numbers)
        summary, distinct, _ = summarize_numbers(dist, integers=numbers.typecode == "q", top=5)
        _check(summary, [float(x) for x in numbers])
        assert distinct == len(set(numbers)), name
