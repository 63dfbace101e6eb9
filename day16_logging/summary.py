"""`summary LOGFILE`: per route, the count, error rate and latency percentiles of access lines.

Reads the JSON lines the middleware writes (`logger` = `day16_logging.access`); any other line
(text, another logger, a torn last line) is skipped and counted. Percentiles are nearest-rank:
p95 is the smallest duration that at least 95% of the requests took no longer than.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ACCESS_LOGGER = "day16_logging.access"


@dataclass(frozen=True)
class RouteSummary:
    """One route's figures: `errors` counts the 5xx answers; durations are in ms."""

    route: str
    count: int
    errors: int
    p50: float
    p95: float
    p99: float

    @property
    def error_rate(self) -> float:
        """The share of 5xx answers, 0.0 to 1.0."""
        return self.errors / self.count


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of an ascending, non-empty sequence."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(lines: Iterable[str]) -> tuple[list[RouteSummary], int]:
    """The routes' summaries (busiest first), and how many lines were not access lines."""
    # solution: group access lines by method and route: count, 5xx, p50/p95/p99
    durations: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    skipped = 0
    for line in lines:
        entry = _access_entry(line)
        if entry is None:
            skipped += 1
            continue
        key = f"{entry['method']} {entry['route']}"
        durations.setdefault(key, []).append(float(entry["duration_ms"]))
        errors[key] = errors.get(key, 0) + (int(entry["status"]) >= 500)
    summaries = []
    for key, values in durations.items():
        values.sort()
        points = (percentile(values, fraction) for fraction in (0.50, 0.95, 0.99))
        summaries.append(RouteSummary(key, len(values), errors[key], *points))
    summaries.sort(key=lambda summary: (-summary.count, summary.route))
    return summaries, skipped
    # end solution


def _access_entry(line: str) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("logger") != ACCESS_LOGGER:
        return None
    fields = ("method", "route", "status", "duration_ms")
    try:
        float(entry["duration_ms"]), int(entry["status"])
    except (KeyError, TypeError, ValueError):
        return None
    return entry if all(field in entry for field in fields) else None


def summarize_file(path: Path) -> tuple[list[RouteSummary], int]:
    """`summarize` over a log file's lines (read as UTF-8, bad bytes replaced)."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        return summarize(lines)


def render(summaries: Sequence[RouteSummary]) -> str:
    """The summaries as an aligned table."""
    header = ("route", "count", "errors", "p50 ms", "p95 ms", "p99 ms")
    rows = [
        (
            s.route,
            str(s.count),
            f"{s.error_rate:.1%}",
            f"{s.p50:.1f}",
            f"{s.p95:.1f}",
            f"{s.p99:.1f}",
        )
        for s in summaries
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in (header, *rows)
    ]
    return "\n".join(lines)
