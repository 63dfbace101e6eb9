"""The report: immutable dataclasses, and their JSON form with fixed, documented keys.

`report_to_dict` is the contract later days rely on (day 13 and day 17 store it for uploaded
files): keys are always present, in this order, with `null` where a section does not apply.
The README lists every key.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA = "day01_csv_report/report/v1"
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


def _finite(value: Number | None) -> Number | None:
    """JSON has no NaN or Infinity: those become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _counts(values: tuple[ValueCount, ...]) -> list[dict[str, Any]]:
    return [{"value": item.value, "count": item.count} for item in values]


def _numeric_dict(summary: NumericSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    fields = ("minimum", "maximum", "mean", "median", "stddev", "q1", "q3", "total")
    result: dict[str, Any] = {name: _finite(getattr(summary, name)) for name in fields}
    result["histogram"] = {
        "edges": [_finite(edge) for edge in summary.histogram.edges],
        "counts": list(summary.histogram.counts),
    }
    return result


def _column_dict(column: ColumnSummary) -> dict[str, Any]:
    dates = column.dates
    return {
        "name": column.name,
        "index": column.index,
        "type": column.type,
        "count": column.count,
        "missing": column.missing,
        "distinct": column.distinct,
        "distinct_exact": column.distinct_exact,
        "top_values": _counts(column.top_values),
        "top_values_exact": column.top_values_exact,
        "numeric": _numeric_dict(column.numeric),
        "dates": None
        if dates is None
        else {
            "minimum": dates.minimum,
            "maximum": dates.maximum,
            "span_days": dates.span_days,
            "by_month": _counts(dates.by_month),
        },
        "boolean": None
        if column.boolean is None
        else {"true": column.boolean.true, "false": column.boolean.false},
    }


def _group_dict(group_by: GroupBy | None) -> dict[str, Any] | None:
    if group_by is None:
        return None
    fields = ("count", "total", "mean", "minimum", "maximum")
    groups = [
        {
            "value": group.value,
            "rows": group.rows,
            "numeric": {
                name: {field: _finite(getattr(agg, field)) for field in fields}
                for name, agg in group.numeric.items()
            },
        }
        for group in group_by.groups
    ]
    return {"column": group_by.column, "truncated": group_by.truncated, "groups": groups}


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data with the documented keys, always in this order."""
    return {
        "schema": SCHEMA,
        "source": report.source,
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "rows": report.rows,
        "columns": [_column_dict(column) for column in report.columns],
        "ragged_rows": {
            "count": report.ragged_rows,
            "examples": [{"line": r.line, "fields": r.fields} for r in report.ragged_examples],
        },
        "group_by": _group_dict(report.group_by),
        "warnings": list(report.warnings),
    }


def render_json(report: Report) -> str:
    """The report as a JSON document (UTF-8 text, two-space indent, no NaN)."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
