"""WeatherClient against a local server answering like Open-Meteo's geocoding and forecast APIs."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from day05_http_client import (
    ApiResponseError,
    CurrentWeather,
    DailyForecast,
    NotFoundError,
    Place,
    WeatherClient,
    describe_weather_code,
)

from .conftest import MakeClient, load


def serve_berlin(httpserver: HTTPServer, forecast: Any | None = None) -> None:
    """Geocoding and forecast answers for Berlin; the forecast can be replaced."""
    httpserver.expect_request(
        "/v1/search",
        query_string={"name": "Berlin", "count": "1", "language": "en", "format": "json"},
    ).respond_with_json(load("geocoding_berlin.json"))
    httpserver.expect_request("/v1/forecast").respond_with_json(
        load("forecast_berlin.json") if forecast is None else forecast
    )


@pytest.fixture
def weather(httpserver: HTTPServer, make_client: MakeClient) -> WeatherClient:
    base = httpserver.url_for("/")
    return WeatherClient(make_client(), geocoding_url=base, forecast_url=base)


def test_report_reads_place_current_weather_and_daily_forecast(
    httpserver: HTTPServer, weather: WeatherClient
) -> None:
    serve_berlin(httpserver)
    report = weather.report("Berlin")
    assert report.place == Place("Berlin", "Germany", 52.52437, 13.41053, "Europe/Berlin")
    assert report.current == CurrentWeather("2025-11-27T16:00", 4.3, 12.6, 3)
    assert report.current.description == "overcast"
    assert report.daily[1] == DailyForecast("2025-11-28", 61, 6.4, 3.0, 4.2)
    assert [day.description for day in report.daily] == ["overcast", "light rain", "light snow"]
    assert report.units == {"temperature": "°C", "wind_speed": "km/h", "precipitation": "mm"}
    assert report.raw == {
        "location": load("geocoding_berlin.json")["results"][0],
        "forecast": load("forecast_berlin.json"),
    }


def test_forecast_asks_for_the_documented_parameters(
    httpserver: HTTPServer, weather: WeatherClient
) -> None:
    serve_berlin(httpserver)
    weather.report("Berlin", days=5)
    forecast_request = httpserver.log[-1][0]
    assert forecast_request.args.to_dict() == {
        "latitude": "52.52437",
        "longitude": "13.41053",
        "current": "temperature_2m,wind_speed_10m,weather_code",
        "daily": "weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum",
        "timezone": "auto",
        "forecast_days": "5",
    }


def test_unknown_city_is_a_not_found_error(httpserver: HTTPServer, weather: WeatherClient) -> None:
    httpserver.expect_request("/v1/search").respond_with_json(load("geocoding_no_results.json"))
    with pytest.raises(NotFoundError, match="no place called 'Atlantis' was found") as caught:
        weather.report("Atlantis")
    assert caught.value.exit_code == 2, "an unknown city is the user's input problem: exit 2"
    assert len(httpserver.log) == 1, "no forecast is requested for a place that does not exist"


def test_geocoding_result_without_coordinates_names_the_missing_field(
    httpserver: HTTPServer, weather: WeatherClient
) -> None:
    body = load("geocoding_berlin.json")
    del body["results"][0]["latitude"]
    httpserver.expect_request("/v1/search").respond_with_json(body)
    with pytest.raises(ApiResponseError, match=r"lacks results\[0\]\.latitude \(a number\)"):
        weather.locate("Berlin")


def test_geocoding_answer_that_is_not_an_object_is_a_response_error(
    httpserver: HTTPServer, weather: WeatherClient
) -> None:
    httpserver.expect_request("/v1/search").respond_with_json(["Berlin"])
    with pytest.raises(ApiResponseError, match="geocoding answer from .* is not a geocoding"):
        weather.locate("Berlin")


@pytest.mark.parametrize(
    "body",
    [{"ok": True}, {}, {"data": "x" * 5_000_000, "more": 1, "keys": 2, "here": 3}],
    ids=["ok-true", "empty-object", "five-megabytes-unrelated"],
)
def test_json_object_that_is_not_a_geocoding_answer_is_not_an_unknown_city(
    httpserver: HTTPServer, weather: WeatherClient, body: dict[str, object]
) -> None:
    """Only Open-Meteo's own "no results" answer means the city does not exist (exit 2)."""
    httpserver.expect_request("/v1/search").respond_with_json(body)
    with pytest.raises(ApiResponseError, match="is not a geocoding answer") as caught:
        weather.locate("Porto")
    assert caught.value.exit_code == 1, "an upstream answering nonsense is a runtime failure"
    assert len(str(caught.value)) < 300, "the message stays one readable line"


def test_empty_results_mean_no_such_place(httpserver: HTTPServer, weather: WeatherClient) -> None:
    httpserver.expect_request("/v1/search").respond_with_json({"results": []})
    with pytest.raises(NotFoundError, match="no place called 'Porto'"):
        weather.locate("Porto")


def test_place_without_country_or_timezone_gets_defaults(
    httpserver: HTTPServer, weather: WeatherClient
) -> None:
    body = {"results": [{"name": "Null Island", "latitude": 0, "longitude": 0, "country": None}]}
    httpserver.expect_request("/v1/search").respond_with_json(body)
    assert weather.locate("Null Island") == Place("Null Island", "", 0.0, 0.0, "auto")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: f.pop("current"), r"forecast from .* lacks current\.time \(a string\)"),
        (
            lambda f: f["current"].update(temperature_2m="warm"),
            r"has current\.temperature_2m = 'warm', expected a number",
        ),
        (
            lambda f: f["current"].update(weather_code=True),
            r"has current\.weather_code = True, expected a number",
        ),
        (
            lambda f: f["daily"].update(time="today"),
            r"has daily\.time = 'today', expected an array",
        ),
        (
            lambda f: f["daily"]["precipitation_sum"].pop(),
            r"lacks daily\.precipitation_sum\[2\] \(a number\)",
        ),
        (lambda f: f["daily"]["time"].__setitem__(0, 20251127), r"daily\.time\[0\] = 20251127"),
        (lambda f: f.pop("current_units"), r"lacks current_units\.temperature_2m"),
    ],
)
def test_unexpected_forecast_json_names_what_is_missing(
    httpserver: HTTPServer, weather: WeatherClient, damage: Any, message: str
) -> None:
    forecast = load("forecast_berlin.json")
    damage(forecast)
    serve_berlin(httpserver, forecast)
    with pytest.raises(ApiResponseError, match=message):
        weather.report("Berlin")


def test_weather_codes_read_as_words() -> None:
    assert describe_weather_code(0) == "clear sky"
    assert describe_weather_code(95) == "thunderstorm"
    assert describe_weather_code(42) == "WMO code 42", "an unknown code stays visible"
