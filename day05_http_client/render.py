"""Turning reports into text: aligned tables for people, JSON for programs."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from day05_http_client.crypto import PriceReport
from day05_http_client.weather import WeatherReport


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: set[int]) -> str:
    """Columns padded to their widest cell; the column indexes in `right` align right."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def render_weather(report: WeatherReport) -> str:
    """The place, the weather now, and one table row per forecast day."""
    place, now, units = report.place, report.current, report.units
    where = f"{place.name}, {place.country}" if place.country else place.name
    north = f"{abs(place.latitude):.2f}°{'N' if place.latitude >= 0 else 'S'}"
    east = f"{abs(place.longitude):.2f}°{'E' if place.longitude >= 0 else 'W'}"
    rows = [
        [
            day.date,
            day.description,
            f"{day.temperature_min:.1f}",
            f"{day.temperature_max:.1f}",
            f"{day.precipitation:.1f}",
        ]
        for day in report.daily
    ]
    headers = [
        "date",
        "weather",
        f"min {units['temperature']}",
        f"max {units['temperature']}",
        f"rain {units['precipitation']}",
    ]
    return "\n".join(
        [
            f"{where} ({north}, {east}, {place.timezone})",
            f"now ({now.time}): {now.temperature:.1f} {units['temperature']}, "
            f"wind {now.wind_speed:.1f} {units['wind_speed']}, {now.description}",
            "",
            table(headers, rows, right={2, 3, 4}),
        ]
    )


def render_prices(report: PriceReport) -> str:
    """One table row per coin: price with thousands separators, signed 24 h change."""
    rows = [
        [
            price.coin,
            _money(price.price),
            "n/a" if price.change_24h is None else f"{price.change_24h:+.2f} %",
        ]
        for price in report.prices
    ]
    headers = ["coin", f"price ({report.currency.upper()})", "24h change"]
    return table(headers, rows, right={1, 2})


def render_json(raw: Any) -> str:
    """The API's own data, pretty-printed."""
    return json.dumps(raw, indent=2, ensure_ascii=False)


def _money(value: float) -> str:
    """2 decimals for prices of 1 or more; 4 significant digits for coins worth less."""
    if value >= 1 or value <= 0:
        return f"{value:,.2f}"
    decimals = min(12, 3 - math.floor(math.log10(value)))
    return f"{value:.{decimals}f}"
