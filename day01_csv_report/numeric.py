"""Statistics of a numeric column, computed once at the end from its sorted distinct values.

A `Distribution` holds the sorted distinct values with how often each occurs. Everything is
read off it in order: the mean and standard deviation weight each value by its count, a
quantile is the value at a position of the sorted column (found by bisecting the running
totals), a histogram counts the values below each bin edge.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate, islice, repeat
from operator import mul, sub

from day01_csv_report.report import Histogram, Number, NumericSummary, ValueCount

HISTOGRAM_BINS = 20


class Distribution:
    """Sorted distinct values with their counts; positions index the sorted column."""

    def __init__(self, values: Sequence[Number], counts: Sequence[int] | None) -> None:
        """`counts=None` means every value occurs once."""
        self.values = values
        self.counts: Sequence[int] = () if counts is None else counts
        # ends[i]: how many values are <= values[i]
        ends = range(1, len(values) + 1) if counts is None else array("q", accumulate(counts))
        self.ends: Sequence[int] = ends
        self.size = ends[-1]

    def at(self, position: int) -> Number:
        """The value at a 0-based position of the sorted column."""
        return self.values[bisect_right(self.ends, position)]

    def below(self, edge: float, *, inclusive: bool = False) -> int:
        """How many values are < edge (<= edge when inclusive)."""
        i = (bisect_right if inclusive else bisect_left)(self.values, edge)
        return self.ends[i - 1] if i else 0


def distribution_of_counts(counts: Mapping[Number, int], *, integers: bool) -> Distribution:
    """A Distribution from {number: count}."""
    values = array("q" if integers else "d", sorted(counts))
    return Distribution(values, array("q", map(counts.__getitem__, values)))


def _moments(dist: Distribution) -> tuple[Number, float, float | None]:
    """Sum, mean and sample standard deviation: exact for integers, two-pass for floats.

    Infinities in the data give an infinite or NaN mean, which the JSON form shows as null.
    """
    values, counts, n = dist.values, dist.counts, dist.size
    weighted = n != len(values)
    # solution: the sum, mean and sample standard deviation, each value weighted by its count
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
    # end solution


def _quartiles(dist: Distribution) -> tuple[Number, Number, Number]:
    """Q1, median, Q3 with linear interpolation (`statistics.quantiles(method="inclusive")`)."""
    n = dist.size
    # solution: the median and the quartiles, interpolating between neighbouring positions
    middle = n // 2
    median = dist.at(middle) if n % 2 else (dist.at(middle - 1) + dist.at(middle)) / 2
    if n == 1:
        return dist.at(0), median, dist.at(0)
    quarters = []
    for i in (1, 3):
        j, delta = divmod(i * (n - 1), 4)
        quarters.append((dist.at(j) * (4 - delta) + dist.at(j + 1) * delta) / 4)
    return quarters[0], median, quarters[1]
    # end solution


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


def summarize_numbers(
    dist: Distribution, *, integers: bool, top: int
) -> tuple[NumericSummary, int, tuple[ValueCount, ...]]:
    """Statistics, distinct count and top values of a non-empty distribution."""
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
    return summary, len(dist.values), tuple(ValueCount(str(v), c) for v, c in best)
