"""The plain-text report: fixed-width tables that fit a 100-column terminal."""

from __future__ import annotations

import textwrap

from day01_csv_report import formatting as fmt
from day01_csv_report.report import ColumnSummary, GroupBy, Report

WIDTH = 100
CELL = 11  # characters per number in a table
TEXT_GROUPS = 20
_STATS = ("minimum", "q1", "median", "mean", "q3", "maximum", "stddev")
_STAT_LABELS = ("min", "q1", "median", "mean", "q3", "max", "stddev")


def _heading(report: Report) -> list[str]:
    delimiter = "tab" if report.delimiter == "\t" else repr(report.delimiter)
    return [
        fmt.one_line(f"CSV report: {report.source}", WIDTH),
        fmt.one_line(fmt.overview(report, delimiter=delimiter), WIDTH),
    ]


def _top_value(column: ColumnSummary) -> str:
    if not column.top_values:
        return fmt.MISSING_MARK
    best = column.top_values[0]
    return fmt.one_line(f"{fmt.one_line(best.value, 22)} ({best.count:,})", 30)


def _columns(report: Report) -> list[str]:
    lines = [
        "",
        "Columns",
        f"  {'#':>3}  {'name':<20}  {'type':<8} {'count':>9} {'missing':>9} {'distinct':>10}"
        "  top value",
    ]
    for column in report.columns:
        lines.append(
            f"  {column.index + 1:>3}  {fmt.one_line(column.name, 20):<20}  {column.type:<8}"
            f" {column.count:>9,} {column.missing:>9,} {fmt.distinct(column):>10}"
            f"  {_top_value(column)}"
        )
    return lines


def _numbers(report: Report) -> list[str]:
    rows = [column for column in report.columns if column.numeric is not None]
    if not rows:
        return []
    lines = ["", "Numbers", "  " + f"{'name':<20}" + "".join(f"{s:>{CELL}}" for s in _STAT_LABELS)]
    for column in rows:
        stats = [getattr(column.numeric, name) for name in _STATS]
        number = fmt.number_format(stats, width=CELL - 1)
        cells = "".join(f"{number(value):>{CELL}}" for value in stats)
        lines.append(f"  {fmt.one_line(column.name, 20):<20}{cells}")
    return lines


def _dates(report: Report) -> list[str]:
    rows = [column for column in report.columns if column.dates is not None]
    if not rows:
        return []
    lines = ["", "Dates", f"  {'name':<20}  {'first':<25}  {'last':<25}  {'days':>8}"]
    for column in rows:
        assert column.dates is not None
        dates = column.dates
        lines.append(
            f"  {fmt.one_line(column.name, 20):<20}  {dates.minimum:<25}  {dates.maximum:<25}"
            f"  {dates.span_days:>8,}"
        )
    return lines


def _top_values(report: Report) -> list[str]:
    lines = ["", "Top values"]
    for column in report.columns:
        if column.numeric is not None or not column.top_values:
            continue
        values = ", ".join(f"{fmt.one_line(v.value, 30)} ({v.count:,})" for v in column.top_values)
        exact = "" if column.top_values_exact else " (among the first values seen)"
        text = f"{fmt.one_line(column.name, 20)}: {values}{exact}"
        lines += textwrap.wrap(text, WIDTH, initial_indent="  ", subsequent_indent="      ")
    return lines if len(lines) > 2 else []


def _ragged(report: Report) -> list[str]:
    if not report.ragged_rows:
        return []
    where = ", ".join(
        f"line {r.line} ({fmt.plural(r.fields, 'field')})" for r in report.ragged_examples
    )
    more = report.ragged_rows - len(report.ragged_examples)
    where += f", and {more:,} more" if more else ""
    expected = fmt.plural(len(report.columns), "field")
    text = f"Ragged rows: {report.ragged_rows:,} (expected {expected}): {where}"
    return ["", *textwrap.wrap(text, WIDTH, subsequent_indent="  ")]


def _groups(group_by: GroupBy | None) -> list[str]:
    if group_by is None:
        return []
    shown = group_by.groups[:TEXT_GROUPS]
    title = f"Groups by {group_by.column} ({fmt.plural(len(group_by.groups), 'group')})"
    lines = ["", fmt.one_line(title, WIDTH)]
    lines.append(f"  {'group':<24}{'rows':>11}")
    lines += [f"  {fmt.one_line(g.value, 24):<24}{g.rows:>11,}" for g in shown]
    names = list(shown[0].numeric) if shown else []
    for name in names:
        lines += ["", "  " + fmt.one_line(f"{name} by {group_by.column}", WIDTH - 2)]
        labels = ("count", "sum", "mean", "min", "max")
        lines.append(f"    {'group':<24}" + "".join(f"{label:>{CELL}}" for label in labels))
        aggregates = [group.numeric[name] for group in shown]
        number = fmt.number_format(
            [v for a in aggregates for v in (a.total, a.mean, a.minimum, a.maximum)],
            width=CELL - 1,
        )
        for group, agg in zip(shown, aggregates, strict=True):
            stats = (agg.total, agg.mean, agg.minimum, agg.maximum)
            cells = f"{agg.count:>{CELL},}" + "".join(f"{number(v):>{CELL}}" for v in stats)
            lines.append(f"    {fmt.one_line(group.value, 24):<24}{cells}")
    if len(group_by.groups) > len(shown):
        more = fmt.plural(len(group_by.groups) - len(shown), "more group")
        lines.append(f"  ... {more} in --format json")
    return lines


def render_text(report: Report) -> str:
    """The report as plain text, every line at most 100 characters wide."""
    lines = _heading(report)
    if report.columns:
        lines += _columns(report) + _numbers(report) + _dates(report) + _top_values(report)
    lines += _ragged(report) + _groups(report.group_by)
    if report.warnings:
        lines += ["", "Warnings", *(f"  - {warning}" for warning in report.warnings)]
    return "\n".join(lines) + "\n"
