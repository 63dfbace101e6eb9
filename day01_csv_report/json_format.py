"""The report as JSON: `report_to_dict`, its inverse `report_from_dict`, and `render_json`.

`report_to_dict` is the contract later days rely on (day 13 and day 17 store it for uploaded
files): keys are always present, in this order, with `null` where a section does not apply.
`report_from_dict` turns a stored document back into a `Report`, so it can be rendered again.
JSON has no infinity or NaN: such statistics are stored as `null` and come back as NaN.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from day01_csv_report.report import (
    BooleanSummary,
    ColumnSummary,
    DateSummary,
    Group,
    GroupAggregate,
    GroupBy,
    Histogram,
    Number,
    NumericSummary,
    RaggedRow,
    Report,
    ValueCount,
)

SCHEMA = "day01_csv_report/report/v1"
_STATS = ("minimum", "maximum", "mean", "median", "stddev", "q1", "q3", "total")
_AGGREGATES = ("count", "total", "mean", "minimum", "maximum")


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
    result: dict[str, Any] = {name: _finite(getattr(summary, name)) for name in _STATS}
    result["histogram"] = {
        "edges": [_finite(edge) for edge in summary.histogram.edges],
        "counts": list(summary.histogram.counts),
    }
    return result


def _column_dict(column: ColumnSummary) -> dict[str, Any]:
    dates, boolean = column.dates, column.boolean
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
        "boolean": None if boolean is None else {"true": boolean.true, "false": boolean.false},
    }


def _group_dict(group_by: GroupBy | None) -> dict[str, Any] | None:
    if group_by is None:
        return None
    groups = [
        {
            "value": group.value,
            "rows": group.rows,
            "numeric": {
                name: {field: _finite(getattr(agg, field)) for field in _AGGREGATES}
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


def _number(value: Number | None) -> Number:
    """A stored statistic: null (an infinity or NaN in the data) comes back as NaN."""
    return math.nan if value is None else value


def _value_counts(items: list[dict[str, Any]]) -> tuple[ValueCount, ...]:
    return tuple(ValueCount(str(item["value"]), int(item["count"])) for item in items)


def _numeric(data: Mapping[str, Any] | None) -> NumericSummary | None:
    if data is None:
        return None
    stats = {name: _number(data[name]) for name in _STATS}
    histogram = data["histogram"]
    edges = tuple(map(float, map(_number, histogram["edges"])))
    return NumericSummary(**stats, histogram=Histogram(edges, tuple(histogram["counts"])))


def _column(data: Mapping[str, Any]) -> ColumnSummary:
    dates, boolean = data["dates"], data["boolean"]
    return ColumnSummary(
        name=data["name"],
        index=data["index"],
        type=data["type"],
        count=data["count"],
        missing=data["missing"],
        distinct=data["distinct"],
        distinct_exact=data["distinct_exact"],
        top_values=_value_counts(data["top_values"]),
        top_values_exact=data["top_values_exact"],
        numeric=_numeric(data["numeric"]),
        dates=None
        if dates is None
        else DateSummary(
            dates["minimum"], dates["maximum"], dates["span_days"], _value_counts(dates["by_month"])
        ),
        boolean=None if boolean is None else BooleanSummary(boolean["true"], boolean["false"]),
    )


def _aggregate(data: Mapping[str, Any]) -> GroupAggregate:
    count, total, mean, low, high = (data[field] for field in _AGGREGATES)
    return GroupAggregate(count, _number(total), mean, low, high)


def _group_by(data: Mapping[str, Any] | None) -> GroupBy | None:
    if data is None:
        return None
    groups = tuple(
        Group(g["value"], g["rows"], {name: _aggregate(a) for name, a in g["numeric"].items()})
        for g in data["groups"]
    )
    return GroupBy(column=data["column"], groups=groups, truncated=data["truncated"])


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """The `Report` a `report_to_dict` document describes (for example one read from storage).

    Raises ValueError when `data` is not such a document.
    """
    if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
        raise ValueError(f"not a day 1 report: expected schema {SCHEMA!r}, found {found!r}")
    try:
        ragged = data["ragged_rows"]
        return Report(
            source=data["source"],
            encoding=data["encoding"],
            delimiter=data["delimiter"],
            rows=data["rows"],
            columns=tuple(_column(column) for column in data["columns"]),
            ragged_rows=ragged["count"],
            ragged_examples=tuple(RaggedRow(r["line"], r["fields"]) for r in ragged["examples"]),
            group_by=_group_by(data["group_by"]),
            warnings=tuple(data["warnings"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a complete day 1 report: {exc!r} is missing or wrong") from exc
