"""Day 5: a command-line client for public HTTP APIs (Open-Meteo weather, CoinGecko prices).

Built on one `requests.Session` with timeouts, retries with back-off and jitter (honouring
Retry-After) inside one overall deadline, an optional on-disk response cache and errors a user
can act on.
"""

from __future__ import annotations

from day05_http_client.cache import CachedResponse, ResponseCache
from day05_http_client.crypto import CoinPrice, CryptoClient, PriceReport
from day05_http_client.errors import (
    ApiResponseError,
    ApiStatusError,
    ApiTimeoutError,
    ApiUnreachableError,
    Day05Error,
    DeadlineExceededError,
    NotFoundError,
)
from day05_http_client.render import render_prices, render_weather
from day05_http_client.retry import RetryPolicy, is_retryable_status, parse_retry_after
from day05_http_client.session import (
    DEFAULT_DEADLINE,
    USER_AGENT,
    JsonClient,
    Timeouts,
    build_session,
)
from day05_http_client.weather import (
    CurrentWeather,
    DailyForecast,
    Place,
    WeatherClient,
    WeatherReport,
    describe_weather_code,
)

__all__ = [
    "DEFAULT_DEADLINE",
    "USER_AGENT",
    "ApiResponseError",
    "ApiStatusError",
    "ApiTimeoutError",
    "ApiUnreachableError",
    "CachedResponse",
    "CoinPrice",
    "CryptoClient",
    "CurrentWeather",
    "DailyForecast",
    "Day05Error",
    "DeadlineExceededError",
    "JsonClient",
    "NotFoundError",
    "Place",
    "PriceReport",
    "ResponseCache",
    "RetryPolicy",
    "Timeouts",
    "WeatherClient",
    "WeatherReport",
    "build_session",
    "describe_weather_code",
    "is_retryable_status",
    "parse_retry_after",
    "render_prices",
    "render_weather",
]
