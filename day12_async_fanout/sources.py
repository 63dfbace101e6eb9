"""The upstreams /overview gathers: what to ask each one, and what to keep of its answer.

A `Source` is a name and an async `fetch(http, query) -> dict`; the guard around it
(timeouts, retries, breaker, hedging) is the same for all of them (`upstream.py`). The four
public APIs need no key:

- weather: Open-Meteo's geocoding, then its forecast (two calls, one after the other: the
  forecast needs the coordinates), parsed by day 5's `WeatherClient`;
- crypto: CoinGecko's simple price, parsed by day 5's `CryptoClient`;
- fx: Frankfurter's exchange rates (the European Central Bank's) from the chosen currency;
- wiki: Wikipedia's REST summary of the city.

`json_source(name, url)` makes a source of any URL that answers a JSON object: the
benchmark's ten upstreams, or one of your own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from day05_http_client import CryptoClient, JsonClient, WeatherClient
from day12_async_fanout.bridge import run_day5
from day12_async_fanout.config import UpstreamUrls
from day12_async_fanout.errors import UpstreamBodyError
from day12_async_fanout.upstream_http import get_json

FX_SYMBOLS = ("EUR", "USD", "GBP", "JPY", "CHF")


@dataclass(frozen=True)
class OverviewQuery:
    """What the client asked for, checked: a city, CoinGecko coin ids, a currency code."""

    city: str
    coins: tuple[str, ...]
    currency: str = "usd"


Fetch = Callable[[httpx.AsyncClient, OverviewQuery], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Source:
    """One upstream of /overview. `idempotent` calls may be retried and hedged."""

    name: str
    fetch: Fetch
    idempotent: bool = True


def default_sources(urls: UpstreamUrls | None = None) -> list[Source]:
    """Weather, crypto, fx and wiki, on the public APIs or wherever `urls` point."""
    urls = urls or UpstreamUrls()

    def weather_client(json: JsonClient) -> WeatherClient:
        return WeatherClient(json, geocoding_url=urls.geocoding, forecast_url=urls.forecast)

    async def weather(http: httpx.AsyncClient, query: OverviewQuery) -> dict[str, Any]:
        place = await run_day5(lambda json: weather_client(json).locate(query.city), http)
        report = await run_day5(lambda json: weather_client(json).forecast(place, days=1), http)
        return {
            "place": report.place.name,
            "country": report.place.country,
            "latitude": report.place.latitude,
            "longitude": report.place.longitude,
            "time": report.current.time,
            "temperature": report.current.temperature,
            "temperature_unit": report.units["temperature"],
            "wind_speed": report.current.wind_speed,
            "wind_speed_unit": report.units["wind_speed"],
            "description": report.current.description,
        }

    async def crypto(http: httpx.AsyncClient, query: OverviewQuery) -> dict[str, Any]:
        report = await run_day5(
            lambda json: CryptoClient(json, base_url=urls.coingecko).prices(
                query.coins, currency=query.currency
            ),
            http,
        )
        prices = {p.coin: {"price": p.price, "change_24h": p.change_24h} for p in report.prices}
        return {"currency": report.currency, "prices": prices}

    async def fx(http: httpx.AsyncClient, query: OverviewQuery) -> dict[str, Any]:
        base = query.currency.upper()
        symbols = ",".join(s for s in FX_SYMBOLS if s != base)
        body = await get_json(
            http, f"{urls.frankfurter}/latest", {"base": base, "symbols": symbols}
        )
        return {"base": base, "date": _text(body, "date"), "rates": _rates(body)}

    async def wiki(http: httpx.AsyncClient, query: OverviewQuery) -> dict[str, Any]:
        title = quote(query.city.replace(" ", "_"), safe="")
        body = await get_json(http, f"{urls.wikipedia}/page/summary/{title}")
        page = body.get("content_urls", {}).get("desktop", {}) if isinstance(body, dict) else {}
        return {
            "title": _text(body, "title"),
            "extract": _text(body, "extract"),
            "url": page.get("page") if isinstance(page, dict) else None,
        }

    return [
        Source("weather", weather),
        Source("crypto", crypto),
        Source("fx", fx),
        Source("wiki", wiki),
    ]


def json_source(name: str, url: str, *, idempotent: bool = True) -> Source:
    """A source that GETs `url?city=&coins=&currency=` and keeps the JSON object it answers."""

    async def fetch(http: httpx.AsyncClient, query: OverviewQuery) -> dict[str, Any]:
        params = {"city": query.city, "coins": ",".join(query.coins), "currency": query.currency}
        body = await get_json(http, url, params)
        if not isinstance(body, dict):
            raise UpstreamBodyError(f"{name} answered {type(body).__name__}, not a JSON object")
        return body

    return Source(name, fetch, idempotent=idempotent)


def _text(body: Any, key: str) -> str:
    """A string field of a JSON object, or UpstreamBodyError naming it."""
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, str):
        raise UpstreamBodyError(f"the answer lacks {key!r} (a string)")
    return value


def _rates(body: Any) -> dict[str, float]:
    """Frankfurter's `rates` object: currency code -> number."""
    rates = body.get("rates") if isinstance(body, dict) else None
    if not isinstance(rates, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in rates.values()
    ):
        raise UpstreamBodyError("the answer lacks 'rates' (an object of numbers)")
    return {str(code): float(rate) for code, rate in rates.items()}
