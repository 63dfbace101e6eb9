"""Text output: aligned tables a person can read."""

from __future__ import annotations

from day05_http_client import (
    CoinPrice,
    CurrentWeather,
    DailyForecast,
    Place,
    PriceReport,
    WeatherReport,
    render_prices,
    render_weather,
)


def test_prices_show_thousands_separators_and_signed_change() -> None:
    report = PriceReport(
        currency="eur",
        prices=(
            CoinPrice("bitcoin", "eur", 78432.17, 2.3411587),
            CoinPrice("shiba-inu", "eur", 0.00000812345, -0.5),
            CoinPrice("newcoin", "eur", 1.5, None),
        ),
        raw={},
    )
    assert render_prices(report).splitlines() == [
        "coin       price (EUR)  24h change",
        "---------  -----------  ----------",
        "bitcoin      78,432.17     +2.34 %",
        "shiba-inu  0.000008123     -0.50 %",
        "newcoin           1.50         n/a",
    ], "4 significant digits for coins worth less than 1"


def test_weather_shows_hemispheres_and_units() -> None:
    report = WeatherReport(
        place=Place("Ushuaia", "Argentina", -54.8, -68.3, "America/Argentina/Ushuaia"),
        current=CurrentWeather("2025-11-27T12:00", -1.25, 30.0, 71),
        daily=(DailyForecast("2025-11-27", 0, 3.0, -2.0, 0.0),),
        units={"temperature": "°F", "wind_speed": "mp/h", "precipitation": "inch"},
        raw={},
    )
    assert render_weather(report).splitlines() == [
        "Ushuaia, Argentina (54.80°S, 68.30°W, America/Argentina/Ushuaia)",
        "now (2025-11-27T12:00): -1.2 °F, wind 30.0 mp/h, light snow",
        "",
        "date        weather    min °F  max °F  rain inch",
        "----------  ---------  ------  ------  ---------",
        "2025-11-27  clear sky    -2.0     3.0        0.0",
    ]
