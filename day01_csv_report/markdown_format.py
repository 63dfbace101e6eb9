"""The Markdown report: GitHub-flavoured pipe tables, one section per kind of column."""

from __future__ import annotations

import html
from collections.abc import Sequence

from day01_csv_report import formatting as fmt
from day01_csv_report.report import GroupBy, Report

WIDE = 16  # characters a number may take before its column goes scientific
_STATS = ("minimum", "q1", "median", "mean", "q3", "maximum", "stddev", "total")
_STAT_LABELS = ("min", "q1", "median", "mean", "q3", "max", "stddev", "sum")


def cell(value: object) -> str:
    """Inline text: one line, pipes escaped (they would split a cell), no raw HTML."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|") if text else " "


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, numeric: int = 0) -> str:
    """A pipe table; the last `numeric` columns are right-aligned."""
    align = ["---"] * (len(header) - numeric) + ["---:"] * numeric
    lines = [header, align, *([cell(value) for value in row] for row in rows)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _columns(report: Report) -> str:
    rows = [
        (
            c.index + 1,
            c.name,
            c.type,
            ", ".join(f"{v.value} ({v.count:,})" for v in c.top_values[:5]) or fmt.MISSING_MARK,
            fmt.count(c.count),
            fmt.count(c.missing),
            fmt.distinct(c),
        )
        for c in report.columns
    ]
    header = ("#", "name", "type", "top values", "count", "missing", "distinct")
    return "## Columns\n\n" + table(header, rows, numeric=3)


def _numbers(report: Report) -> str:
    rows = []
    for column in report.columns:
        if column.numeric is not None:
            stats = [getattr(column.numeric, stat) for stat in _STATS]
            number = fmt.number_format(stats, width=WIDE)
            rows.append((column.name, *map(number, stats)))
    return "## Numbers\n\n" + table(("name", *_STAT_LABELS), rows, numeric=8) if rows else ""


def _dates(report: Report) -> str:
    rows = [
        (c.name, c.dates.minimum, c.dates.maximum, fmt.count(c.dates.span_days))
        for c in report.columns
        if c.dates is not None
    ]
    return (
        "## Dates\n\n" + table(("name", "first", "last", "days"), rows, numeric=1) if rows else ""
    )


def _ragged(report: Report) -> str:
    if not report.ragged_rows:
        return ""
    intro = f"Rows without {fmt.plural(len(report.columns), 'field')}: {report.ragged_rows:,}"
    rows = [(r.line, r.fields) for r in report.ragged_examples]
    return f"## Ragged rows\n\n{intro}.\n\n" + table(("line", "fields"), rows, numeric=2)


def _groups(group_by: GroupBy | None) -> str:
    if group_by is None:
        return ""
    parts = [f"## Groups by {cell(group_by.column)}"]
    parts.append(
        table(("group", "rows"), [(g.value, fmt.count(g.rows)) for g in group_by.groups], numeric=1)
    )
    names = list(group_by.groups[0].numeric) if group_by.groups else []
    for name in names:
        aggregates = [(g.value, g.numeric[name]) for g in group_by.groups]
        stats = [(a.total, a.mean, a.minimum, a.maximum) for _, a in aggregates]
        number = fmt.number_format([v for row in stats for v in row], width=WIDE)
        rows = [
            (value, fmt.count(a.count), *map(number, row))
            for (value, a), row in zip(aggregates, stats, strict=True)
        ]
        header = ("group", "count", "sum", "mean", "min", "max")
        parts += [f"### {cell(name)} by {cell(group_by.column)}", table(header, rows, numeric=5)]
    return "\n\n".join(parts)


def render_markdown(report: Report) -> str:
    """The report as a Markdown document."""
    delimiter = "tab" if report.delimiter == "\t" else f"`{report.delimiter}`"
    sections = [
        f"# CSV report: {cell(report.source)}",
        cell(fmt.overview(report, delimiter=delimiter)),
    ]
    if report.columns:
        sections += [_columns(report), _numbers(report), _dates(report)]
    sections += [_ragged(report), _groups(report.group_by)]
    if report.warnings:
        sections.append("## Warnings\n\n" + "\n".join(f"- {cell(w)}" for w in report.warnings))
    return "\n\n".join(section for section in sections if section) + "\n"
