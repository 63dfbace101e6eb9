"""The HTML report: one self-contained, well-formed page with inline CSS and SVG charts."""

from __future__ import annotations

from collections.abc import Sequence

from day01_csv_report import formatting as fmt
from day01_csv_report.report import ColumnSummary, GroupBy, NumericSummary, Report
from day01_csv_report.svg import histogram_svg, months_svg, top_values_svg

_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 0.9rem; width: 370px; }
.card h3 { margin: 0 0 0.4rem; font-size: 1rem; }
.type { color: #666; font-weight: normal; font-size: 0.85rem; }
dl { display: grid; grid-template-columns: auto auto; gap: 0 1rem; margin: 0 0 0.5rem; }
dt { color: #666; } dd { margin: 0; text-align: right; }
.meta, .note { color: #555; }
"""
WIDE = 16  # characters a number may take before its column goes scientific
_STATS = (
    ("min", "minimum"), ("q1", "q1"), ("median", "median"), ("mean", "mean"),
    ("q3", "q3"), ("max", "maximum"), ("stddev", "stddev"), ("sum", "total"),
)  # fmt: skip


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], *, numeric: int = 0) -> str:
    """A table whose last `numeric` columns are right-aligned numbers."""
    left = len(header) - numeric

    def cells(tag: str, values: Sequence[object]) -> str:
        classes = ["" if i < left else ' class="n"' for i in range(len(values))]
        return "".join(
            f"<{tag}{cls}>{fmt.markup(v)}</{tag}>" for cls, v in zip(classes, values, strict=True)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{cells('th', header)}</tr></thead><tbody>{body}</tbody></table>"


def _overview(report: Report) -> str:
    rows = [
        (c.index + 1, c.name, c.type, fmt.count(c.count), fmt.count(c.missing), fmt.distinct(c))
        for c in report.columns
    ]
    header = ("#", "name", "type", "count", "missing", "distinct")
    return "<h2>Columns</h2>" + _table(header, rows, numeric=3)


def _number_format(numeric: NumericSummary) -> fmt.NumberFormat:
    """One format for all of a column's statistics."""
    return fmt.number_format((getattr(numeric, f) for _, f in _STATS), width=WIDE)


def _facts(column: ColumnSummary) -> list[tuple[str, str]]:
    facts = [("count", fmt.count(column.count)), ("missing", fmt.count(column.missing))]
    facts.append(("distinct", fmt.distinct(column)))
    if column.numeric is not None:
        number = _number_format(column.numeric)
        facts += [(label, number(getattr(column.numeric, f))) for label, f in _STATS]
    if column.dates is not None:
        facts += [("first", column.dates.minimum), ("last", column.dates.maximum)]
        facts.append(("span (days)", fmt.count(column.dates.span_days)))
    if column.boolean is not None:
        facts += [("true", fmt.count(column.boolean.true))]
        facts += [("false", fmt.count(column.boolean.false))]
    return facts


def _chart(column: ColumnSummary) -> str:
    label = f"{column.name}: "
    if column.numeric is not None:
        numeric = column.numeric
        number = _number_format(numeric)
        ends = (number(numeric.minimum), number(numeric.maximum))
        return histogram_svg(numeric.histogram, ends=ends, label=label + "histogram")
    if column.dates is not None:
        return months_svg(column.dates.by_month, label=label + "values per month")
    if column.top_values:
        chart = top_values_svg(column.top_values, label=label + "most frequent values")
        note = "" if column.top_values_exact else '<p class="note">among the first values seen</p>'
        return chart + note
    return '<p class="note">no values</p>'


def _card(column: ColumnSummary) -> str:
    facts = "".join(f"<dt>{fmt.markup(k)}</dt><dd>{fmt.markup(v)}</dd>" for k, v in _facts(column))
    title = f'{fmt.markup(column.name)} <span class="type">{column.type}</span>'
    return f'<section class="card"><h3>{title}</h3><dl>{facts}</dl>{_chart(column)}</section>'


def _ragged(report: Report) -> str:
    if not report.ragged_rows:
        return ""
    intro = f"Rows without {fmt.plural(len(report.columns), 'field')}: {report.ragged_rows:,}."
    rows = [(r.line, r.fields) for r in report.ragged_examples]
    return f"<h2>Ragged rows</h2><p>{intro}</p>" + _table(("line", "fields"), rows, numeric=2)


def _groups(group_by: GroupBy | None) -> str:
    if group_by is None:
        return ""
    parts = [f"<h2>Groups by {fmt.markup(group_by.column)}</h2>"]
    names = list(group_by.groups[0].numeric) if group_by.groups else []
    header = ["group", "rows", *(f"{name} mean" for name in names)]
    means = [[g.numeric[name].mean for name in names] for g in group_by.groups]
    formats = [fmt.number_format(column, width=WIDE) for column in zip(*means, strict=True)]
    rows = [
        (g.value, fmt.count(g.rows), *(f(m) for f, m in zip(formats, row, strict=True)))
        for g, row in zip(group_by.groups, means, strict=True)
    ]
    parts.append(_table(header, rows, numeric=len(header) - 1))
    if group_by.truncated:
        parts.append('<p class="note">rare groups are folded into (other)</p>')
    return "".join(parts)


def render_html(report: Report) -> str:
    """The report as one HTML page that needs nothing else: styles and charts are inline."""
    title = fmt.markup(f"CSV report: {report.source}")
    delimiter = "tab" if report.delimiter == "\t" else repr(report.delimiter)
    meta = fmt.overview(report, delimiter=delimiter)
    body = [f"<h1>{title}</h1>", f'<p class="meta">{fmt.markup(meta)}</p>']
    if report.columns:
        cards = "".join(_card(column) for column in report.columns)
        body += [_overview(report), f'<h2>Column details</h2><div class="cards">{cards}</div>']
    body += [_ragged(report), _groups(report.group_by)]
    if report.warnings:
        items = "".join(f"<li>{fmt.markup(w)}</li>" for w in report.warnings)
        body.append(f"<h2>Warnings</h2><ul>{items}</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" />'
        f"<title>{title}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
