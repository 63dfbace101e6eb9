"""The report: immutable dataclasses that `analyze` returns and every renderer reads.

Their JSON form (`json_format.py`) is the contract later days store; the README lists its keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Number = int | float


@dataclass(frozen=True, slots=True)
class ValueCount:
    """A value (or a month, `YYYY-MM`) and how many times it occurs."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Histogram:
    """Counts of values in `len(edges) - 1` bins; bin i holds edges[i] <= x < edges[i + 1]."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NumericSummary:
    """Statistics of an integer or float column (sample standard deviation; inclusive quartiles)."""

    minimum: Number
    maximum: Number
    mean: float | None
    median: float
    stddev: float | None
    q1: float
    q3: float
    total: Number | None
    histogram: Histogram


@dataclass(frozen=True, slots=True)
class DateSummary:
    """The range of a date or datetime column and its values per calendar month."""

    minimum: str
    maximum: str
    span_days: int
    by_month: tuple[ValueCount, ...]


@dataclass(frozen=True, slots=True)
class BooleanSummary:
    """How many values of a boolean column are true and false."""

    true: int
    false: int


@dataclass(frozen=True, slots=True)
class ColumnSummary:
    """What the report says about one column."""

    name: str
    index: int
    type: str
    count: int
    missing: int
    distinct: int
    distinct_exact: bool
    top_values: tuple[ValueCount, ...]
    top_values_exact: bool
    numeric: NumericSummary | None = None
    dates: DateSummary | None = None
    boolean: BooleanSummary | None = None


@dataclass(frozen=True, slots=True)
class RaggedRow:
    """A data row whose number of fields differs from the header's; `line` is where it starts."""

    line: int
    fields: int


@dataclass(frozen=True, slots=True)
class GroupAggregate:
    """Count, sum, mean, minimum and maximum of one numeric column within one group."""

    count: int
    total: Number
    mean: float | None
    minimum: Number | None
    maximum: Number | None


@dataclass(frozen=True, slots=True)
class Group:
    """One value of the `--group-by` column: its rows and an aggregate per numeric column."""

    value: str
    rows: int
    numeric: Mapping[str, GroupAggregate]


@dataclass(frozen=True, slots=True)
class GroupBy:
    """Per-group counts and aggregates; `truncated` when rare groups were folded into (other)."""

    column: str
    groups: tuple[Group, ...]
    truncated: bool


@dataclass(frozen=True, slots=True)
class Report:
    """The summary of one CSV file, as `analyze` returns it."""

    source: str
    encoding: str
    delimiter: str
    rows: int
    columns: tuple[ColumnSummary, ...]
    ragged_rows: int = 0
    ragged_examples: tuple[RaggedRow, ...] = ()
    group_by: GroupBy | None = None
    warnings: tuple[str, ...] = ()

    def column(self, name: str) -> ColumnSummary:
        """Return the summary of the first column called `name` (KeyError if there is none)."""
        for summary in self.columns:
            if summary.name == name:
                return summary
        raise KeyError(name)
