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
from collections.abc import Mapping, Sequence
from itertools import accumulate, groupby, islice, repeat
from operator import itemgetter, lt, mul, sub
from typing import Any

from day01_csv_report.report import Histogram, Number, NumericSummary, ValueCount

COUNT_SLICE = 65_536
HISTOGRAM_BINS = 20


class Distribution:
    """Sorted distinct values with their counts; positions index the sorted column."""

    def __init__(self, values: Sequence[Number], counts: array[int] | None) -> None:
        """`counts=None` means every value occurs once."""
        self.values = values
        self.counts: Sequence[int] = () if counts is None else counts
        # ends[i]: how many values are <= values[i]
        ends = range(1, len(values) + 1) if counts is None else array("q", accumulate(counts))
        self.ends: Sequence[int] = ends
        self.size = ends[-1]

    @classmethod
    def of(cls, numbers: array[Any]) -> Distribution:
        """Count the numbers when they repeat a lot; sort them when they are mostly distinct."""
        if all(map(lt, numbers, islice(numbers, 1, None))):  # already sorted and distinct (ids)
            return cls(numbers, None)
        counter: Counter[Number] = Counter()
        limit = max(4_096, len(numbers) // 8)
        for start in range(0, len(numbers), COUNT_SLICE):
            counter.update(numbers[start : start + COUNT_SLICE])
            if len(counter) > limit:
                del counter
                return cls._of_sorted(numbers)
        return cls.of_counts(counter, typecode=numbers.typecode)

    @classmethod
    def of_counts(cls, counts: Mapping[Number, int], *, typecode: str) -> Distribution:
        """From {number: count}."""
        values = array(typecode, sorted(counts))
        return cls(values, array("q", map(counts.__getitem__, values)))

    @classmethod
    def _of_sorted(cls, numbers: array[Any]) -> Distribution:
        """Sort once; the runs of equal neighbours give the distinct values and their counts."""
        data = sorted(numbers)
        values = array(numbers.typecode, map(itemgetter(0), groupby(data)))
        if len(values) == len(data):  # all distinct, as in an id column
            return cls(values, None)
        counts = array("q", map(len, map(list, map(itemgetter(1), groupby(data)))))
        return cls(values, counts)

    def at(self, position: int) -> Number:
        """The value at a 0-based position of the sorted column."""
        return self.values[bisect_right(self.ends, position)]

    def below(self, edge: float, *, inclusive: bool = False) -> int:
        """How many values are < edge (<= edge when inclusive)."""
        i = (bisect_right if inclusive else bisect_left)(self.values, edge)
        return self.ends[i - 1] if i else 0


def _moments(dist: Distribution) -> tuple[Number, float, float | None]:
    """Sum, mean and sample standard deviation: exact for integers, two-pass for floats.

    Infinities in the data give an infinite or NaN mean, which the JSON form shows as null.
    """
    values, counts, n = dist.values, dist.counts, dist.size
    weighted = n != len(values)
    total: Number = sum(map(mul, values, counts)) if weighted else sum(values)
    mean = total / n
    if n < 2:
        return total, mean, None
    if isinstance(total, int):  # exact integer arithmetic: no cancellation
        squares = map(mul, values, values)
        s2 = sum(map(mul, squares, counts)) if weighted else sum(squares)
        return total, mean, math.sqrt((n * s2 - total * total) / (n * (n - 1)))
    deviations = map(pow, map(sub, values, repeat(mean)), repeat(2))
    s2 = sum(map(mul, deviations, counts)) if weighted else sum(deviations)
    return total, mean, math.sqrt(s2 / (n - 1))


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
    numbers: array[Any] | Mapping[Number, int], *, integers: bool, top: int
) -> tuple[NumericSummary, int, tuple[ValueCount, ...]]:
    """Statistics, distinct count and top values of a non-empty array or {number: count}."""
    if isinstance(numbers, array):
        dist = Distribution.of(numbers)
    else:
        dist = Distribution.of_counts(numbers, typecode="q" if integers else "d")
    total, mean, stddev = _moments(dist)
    q1, median, q3 = _quartiles(dist)
    summary = NumericSummary(
        minimum=dist.values[0],
        maximum=dist.values[-1],
        mean=mean,
        median=median,
        stddev=stddev,
        q1=q1,
        q3=q3,
        total=total,
        histogram=histogram(dist, integers=integers),
    )
    best = top_values(dist, top)
    return summary, len(dist.values), tuple(ValueCount(format_number(v), c) for v, c in best)
