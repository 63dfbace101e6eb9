"""Statistics of a numeric column, computed once at the end from its array of values.

Everything is read off the values in order, held as (value, count) pairs: a column with few
distinct values (quantities, prices, ratings) is counted with `Counter` in one C-speed pass,
one with many is sorted. Quantiles then come from cumulative counts, the distinct count and the
most frequent values come for free, exactly, with no counter of a million keys held during the
pass. Sums are plain `sum` (fast); the variance is a second pass around the mean.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, groupby, islice, repeat
from operator import itemgetter, mul, sub
from typing import Any

from day01_csv_report.report import Histogram, Number, NumericSummary, ValueCount

COUNT_SLICE = 65_536
HISTOGRAM_BINS = 20


class Distribution:
    """Sorted distinct values with their counts; positions index the sorted column."""

    def __init__(self, values: Sequence[Number], counts: Sequence[int]) -> None:
        self.values = values
        self.counts = counts
        self.ends = array("q", accumulate(counts))  # ends[i]: how many values are <= values[i]
        self.size = self.ends[-1]

    @classmethod
    def of(cls, numbers: array[Any]) -> Distribution:
        """Count the numbers when they repeat a lot; sort them when they are mostly distinct."""
        counter: Counter[Number] = Counter()
        limit = max(4_096, len(numbers) // 8)
        for start in range(0, len(numbers), COUNT_SLICE):
            counter.update(numbers[start : start + COUNT_SLICE])
            if len(counter) > limit:
                del counter
                return cls._of_sorted(numbers)
        pairs = sorted(counter.items())
        values = array(numbers.typecode, map(itemgetter(0), pairs))
        return cls(values, array("q", map(itemgetter(1), pairs)))

    @classmethod
    def _of_sorted(cls, numbers: array[Any]) -> Distribution:
        """Sort once; the runs of equal neighbours give the distinct values and their counts."""
        data = sorted(numbers)
        values = array(numbers.typecode, map(itemgetter(0), groupby(data)))
        if len(values) == len(data):  # all distinct, as in an id column
            return cls(values, array("q", [1]) * len(values))
        counts = array("q", map(len, map(list, map(itemgetter(1), groupby(data)))))
        return cls(values, counts)

    def at(self, position: int) -> Number:
        """The value at a 0-based position of the sorted column."""
        return self.values[bisect_right(self.ends, position)]

    def below(self, edge: float, *, inclusive: bool = False) -> int:
        """How many values are < edge (<= edge when inclusive)."""
        i = (bisect_right if inclusive else bisect_left)(self.values, edge)
        return self.ends[i - 1] if i else 0


def _mean_and_stddev(dist: Distribution) -> tuple[float | None, float | None]:
    """Mean and sample standard deviation, exact for integers, two-pass for floats."""
    values, counts, n = dist.values, dist.counts, dist.size
    weighted = n != len(values)
    try:
        total = sum(map(mul, values, counts)) if weighted else sum(values)
        mean = total / n
        if n < 2:
            return mean, None
        if isinstance(total, int):  # exact integer arithmetic: no cancellation
            squares = map(mul, values, values)
            s2 = sum(map(mul, squares, counts)) if weighted else sum(squares)
            return mean, math.sqrt((n * s2 - total * total) / (n * (n - 1)))
        deviations = map(pow, map(sub, values, repeat(mean)), repeat(2))
        s2 = sum(map(mul, deviations, counts)) if weighted else sum(deviations)
        return mean, math.sqrt(s2 / (n - 1))
    except (OverflowError, ValueError):  # infinities in the data
        return None, None


def _quartiles(dist: Distribution) -> tuple[float, float, float]:
    """Q1, median, Q3 with linear interpolation (`statistics.quantiles(method="inclusive")`)."""
    n = dist.size
    middle = n // 2
    median = dist.at(middle) if n % 2 else (dist.at(middle - 1) + dist.at(middle)) / 2
    if n == 1:
        return dist.at(0), median, dist.at(0)
    quarters = []
    for i in (1, 3):
        j, delta = divmod(i * (n - 1), 4)
        quarters.append((dist.at(j) * (4 - delta) + dist.at(j + 1) * delta) / 4)
    return quarters[0], median, quarters[1]


def _edges(low: Number, high: Number, *, integers: bool) -> list[float]:
    """Bin edges: one bin per integer for small integer ranges, else equal-width bins."""
    if integers and high - low < HISTOGRAM_BINS:
        return [low - 0.5 + i for i in range(int(high - low) + 2)]
    if low == high or not math.isfinite(high - low):
        return [float(low), float(high)]
    width = (high - low) / HISTOGRAM_BINS
    return [low + width * i for i in range(HISTOGRAM_BINS)] + [float(high)]


def histogram(dist: Distribution, *, integers: bool) -> Histogram:
    """Count the values into bins; the last bin includes its upper edge."""
    edges = _edges(dist.values[0], dist.values[-1], integers=integers)
    cuts = [dist.below(edge) for edge in edges[:-1]] + [dist.below(edges[-1], inclusive=True)]
    return Histogram(edges=tuple(edges), counts=tuple(map(sub, cuts[1:], cuts[:-1])))


def top_values(dist: Distribution, top: int) -> list[tuple[Number, int]]:
    """The `top` most frequent values; ties go to the smaller value."""
    if len(dist.values) == dist.size:  # all distinct
        return [(value, 1) for value in islice(dist.values, top)]
    best = heapq.nlargest(top, range(len(dist.counts)), key=dist.counts.__getitem__)
    return [(dist.values[i], dist.counts[i]) for i in best]


def format_number(value: Number) -> str:
    """How a number appears as a top value: integers as digits, floats as Python prints them."""
    return str(value)


def summarize_numbers(
    numbers: array[Any], *, top: int
) -> tuple[NumericSummary, int, tuple[ValueCount, ...]]:
    """Statistics, distinct count and top values of a non-empty number array."""
    dist = Distribution.of(numbers)
    integers = numbers.typecode == "q"
    mean, stddev = _mean_and_stddev(dist)
    q1, median, q3 = _quartiles(dist)
    total: Number | None = sum(map(mul, dist.values, dist.counts))
    summary = NumericSummary(
        minimum=dist.values[0],
        maximum=dist.values[-1],
        mean=mean,
        median=median,
        stddev=stddev,
        q1=q1,
        q3=q3,
        total=total if mean is not None else None,
        histogram=histogram(dist, integers=integers),
    )
    best = top_values(dist, top)
    return summary, len(dist.values), tuple(ValueCount(format_number(v), c) for v, c in best)
