"""Inline SVG charts: a histogram, horizontal bars for top values, columns for months.

Plain strings with every text escaped: no scripts, no external assets, valid XML.
"""

from __future__ import annotations

from collections.abc import Sequence

from day01_csv_report import formatting as fmt
from day01_csv_report.report import Histogram, ValueCount

BAR_COLOR = "#4c78a8"
_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"'


def _open(width: int, height: int, label: str) -> str:
    return _SVG.format(w=width, h=height) + f' role="img" aria-label="{fmt.markup(label)}">'


def _text(x: float, y: float, text: str, *, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}" fill="#333">'
        f"{fmt.markup(text)}</text>"
    )


def _bar(x: float, y: float, width: float, height: float, title: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}"'
        f' fill="{BAR_COLOR}"><title>{fmt.markup(title)}</title></rect>'
    )


def vertical_bars(
    titles: Sequence[str], counts: Sequence[int], *, labels: tuple[str, str], label: str
) -> str:
    """Columns of `counts` left to right, with `labels` under the first and last column."""
    width, height, top, bottom = 360, 150, 16, 20
    plot = height - top - bottom
    peak = max(counts, default=0) or 1
    step = width / max(len(counts), 1)
    parts = [_open(width, height, label), _text(0, 11, f"max {peak:,}")]
    for i, (title, n) in enumerate(zip(titles, counts, strict=True)):
        bar = plot * n / peak
        parts.append(_bar(i * step + 1, top + plot - bar, max(step - 2, 1), bar, title))
    parts.append(_text(0, height - 5, labels[0]))
    parts.append(_text(width, height - 5, labels[1], anchor="end"))
    return "".join(parts) + "</svg>"


def histogram_svg(histogram: Histogram, *, ends: tuple[str, str], label: str) -> str:
    """A histogram of a numeric column; `ends` label its minimum and maximum."""
    edges = histogram.edges
    number = fmt.number_format(edges, width=16)
    titles = [
        f"{number(low)} to {number(high)}: {n:,}"
        for low, high, n in zip(edges, edges[1:], histogram.counts, strict=False)
    ]
    return vertical_bars(titles, histogram.counts, labels=ends, label=label)


def months_svg(months: Sequence[ValueCount], *, label: str) -> str:
    """Values per calendar month of a date column."""
    titles = [f"{m.value}: {m.count:,}" for m in months]
    ends = (months[0].value, months[-1].value) if months else ("", "")
    return vertical_bars(titles, [m.count for m in months], labels=ends, label=label)


def top_values_svg(values: Sequence[ValueCount], *, label: str) -> str:
    """Horizontal bars of the most frequent values, labelled with value and count."""
    row, label_width, width = 18, 130, 360
    height = row * len(values) + 4
    peak = max((v.count for v in values), default=1)
    parts = [_open(width, height, label)]
    for i, item in enumerate(values):
        y = i * row + 2
        text = fmt.one_line(item.value, 20)
        bar = (width - label_width - 60) * item.count / peak
        parts.append(_text(0, y + 12, text))
        parts.append(
            _bar(label_width, y + 2, max(bar, 1), row - 4, f"{item.value}: {item.count:,}")
        )
        parts.append(_text(label_width + bar + 4, y + 12, f"{item.count:,}"))
    return "".join(parts) + "</svg>"
