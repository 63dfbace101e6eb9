"""Open-Meteo: a city name to coordinates (geocoding API), then the weather there (forecast API).

Both APIs are free and need no key. Their documentation:
https://open-meteo.com/en/docs/geocoding-api and https://open-meteo.com/en/docs
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from day05_http_client.errors import NotFoundError
from day05_http_client.payload import array, find, not_an_answer, number, text
from day05_http_client.session import JsonClient

GEOCODING_URL = "https://geocoding-api.open-meteo.com"
FORECAST_URL = "https://api.open-meteo.com"
CURRENT_FIELDS = ("temperature_2m", "wind_speed_10m", "weather_code")
DAILY_FIELDS = ("weather_code", "temperature_2m_max", "temperature_2m_min", "precipitation_sum")

# WMO weather interpretation codes, as listed in the Open-Meteo forecast documentation.
WEATHER_CODES = {
    0: "clear sky",
    1: "mainly clear",
    2: "partly cloudy",
    3: "overcast",
    45: "fog",
    48: "depositing rime fog",
    51: "light drizzle",
    53: "drizzle",
    55: "dense drizzle",
    56: "light freezing drizzle",
    57: "freezing drizzle",
    61: "light rain",
    63: "rain",
    65: "heavy rain",
    66: "light freezing rain",
    67: "freezing rain",
    71: "light snow",
    73: "snow",
    75: "heavy snow",
    77: "snow grains",
    80: "light showers",
    81: "showers",
    82: "violent showers",
    85: "light snow showers",
    86: "snow showers",
    95: "thunderstorm",
    96: "thunderstorm, light hail",
    99: "thunderstorm, heavy hail",
}


def describe_weather_code(code: int) -> str:
    """Words for a WMO weather code ('overcast' for 3); unknown codes stay visible as numbers."""
    return WEATHER_CODES.get(code, f"WMO code {code}")


@dataclass(frozen=True)
class Place:
    """Where a city name led: the geocoding API's best match."""

    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    record: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class CurrentWeather:
    """The weather now (Open-Meteo's `current` block; time is local to the place)."""

    time: str
    temperature: float
    wind_speed: float
    weather_code: int

    @property
    def description(self) -> str:
        """The weather code in words."""
        return describe_weather_code(self.weather_code)


@dataclass(frozen=True)
class DailyForecast:
    """One day of the forecast (Open-Meteo's `daily` arrays, one index)."""

    date: str
    weather_code: int
    temperature_max: float
    temperature_min: float
    precipitation: float

    @property
    def description(self) -> str:
        """The weather code in words."""
        return describe_weather_code(self.weather_code)


@dataclass(frozen=True)
class WeatherReport:
    """Current weather and a daily forecast for a place, with the units the API used.

    `raw` holds the two API responses untouched (`--json` prints them).
    """

    place: Place
    current: CurrentWeather
    daily: tuple[DailyForecast, ...]
    units: dict[str, str]
    raw: dict[str, Any]


class WeatherClient:
    """Looks up a city and fetches its weather from Open-Meteo (or a server shaped like it)."""

    def __init__(
        self,
        http: JsonClient,
        *,
        geocoding_url: str = GEOCODING_URL,
        forecast_url: str = FORECAST_URL,
    ) -> None:
        self.http = http
        self.geocoding_url = geocoding_url.rstrip("/")
        self.forecast_url = forecast_url.rstrip("/")

    def locate(self, city: str) -> Place:
        """The best match for `city`; NotFoundError when the API knows no such place."""
        body = self.http.get(
            f"{self.geocoding_url}/v1/search",
            {"name": city, "count": 1, "language": "en", "format": "json"},
        )
        source = f"geocoding answer from {_host(self.geocoding_url)}"
        # solution: tell "nothing matches" (exit 2) from an answer that is not geocoding (exit 1)
        if _no_match(body):
            raise NotFoundError(
                f"no place called {city!r} was found",
                hint="check the spelling, or try a bigger town nearby",
            )
        if not isinstance(body, dict) or "results" not in body:
            raise not_an_answer(body, source=source, kind="geocoding answer")
        # end solution
        return _place(body, source=source)

    def forecast(self, place: Place, *, days: int = 3) -> WeatherReport:
        """Current weather and a `days`-day daily forecast (1 to 16) for `place`."""
        body = self.http.get(
            f"{self.forecast_url}/v1/forecast",
            {
                "latitude": place.latitude,
                "longitude": place.longitude,
                "current": ",".join(CURRENT_FIELDS),
                "daily": ",".join(DAILY_FIELDS),
                "timezone": "auto",
                "forecast_days": days,
            },
        )
        source = f"forecast from {_host(self.forecast_url)}"
        return WeatherReport(
            place=place,
            current=_current(body, source=source),
            daily=_daily(body, source=source),
            units={
                "temperature": text(body, "current_units", "temperature_2m", source=source),
                "wind_speed": text(body, "current_units", "wind_speed_10m", source=source),
                "precipitation": text(body, "daily_units", "precipitation_sum", source=source),
            },
            raw={"location": place.record, "forecast": body},
        )

    def report(self, city: str, *, days: int = 3) -> WeatherReport:
        """Locate `city`, then fetch its weather: the whole `weather` command."""
        return self.forecast(self.locate(city), days=days)


def _host(url: str) -> str:
    """'api.open-meteo.com' from 'https://api.open-meteo.com/v1'."""
    return urlsplit(url).netloc


def _no_match(body: Any) -> bool:
    """Open-Meteo's answer when nothing matches: `results` empty, or left out entirely.

    Left out, the answer still has its `generationtime_ms`; a JSON object with neither (such
    as `{"ok": true}`) is not a geocoding answer at all, and must not read as "no such city".
    """
    if not isinstance(body, dict):
        return False
    if "results" in body:
        return bool(body["results"] == [])
    return isinstance(body.get("generationtime_ms"), int | float)


def _place(body: Any, *, source: str) -> Place:
    """A Place from the first geocoding result."""
    first = ("results", 0)
    return Place(
        name=text(body, *first, "name", source=source),
        country=text(body, *first, "country", source=source, default=""),
        latitude=number(body, *first, "latitude", source=source),
        longitude=number(body, *first, "longitude", source=source),
        timezone=text(body, *first, "timezone", source=source, default="auto"),
        record=find(body, *first, source=source),
    )


def _current(body: Any, *, source: str) -> CurrentWeather:
    """The `current` block of a forecast."""
    return CurrentWeather(
        time=text(body, "current", "time", source=source),
        temperature=number(body, "current", "temperature_2m", source=source),
        wind_speed=number(body, "current", "wind_speed_10m", source=source),
        weather_code=int(number(body, "current", "weather_code", source=source)),
    )


def _daily(body: Any, *, source: str) -> tuple[DailyForecast, ...]:
    """The `daily` arrays of a forecast, zipped into one DailyForecast per day."""
    dates = array(body, "daily", "time", source=source)
    return tuple(
        DailyForecast(
            date=text(body, "daily", "time", i, source=source),
            weather_code=int(number(body, "daily", "weather_code", i, source=source)),
            temperature_max=number(body, "daily", "temperature_2m_max", i, source=source),
            temperature_min=number(body, "daily", "temperature_2m_min", i, source=source),
            precipitation=number(body, "daily", "precipitation_sum", i, source=source),
        )
        for i in range(len(dates))
    )
