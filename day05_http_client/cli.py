"""`python -m day05_http_client`: the weather for a city, or coin prices, from public APIs.

    weather [--city Berlin] [--days 3]           Open-Meteo geocoding + forecast (no key)
    crypto bitcoin ethereum [--currency eur]     CoinGecko simple price (no key)

With no arguments it runs `weather --city Berlin`. The base URLs default to the public APIs;
DAY05_GEOCODING_URL, DAY05_FORECAST_URL and DAY05_COINGECKO_URL (or the --*-url options) point
them at another server, such as a local stand-in. Exit codes: 0 success; 1 the network or the
API failed (unreachable host, timeout or --deadline passed, HTTP error, an answer that is not
a weather or price answer); 2 usage error, including an unknown city, coin or currency.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from day05_http_client.cache import DEFAULT_CACHE_DIR, ResponseCache
from day05_http_client.crypto import COINGECKO_URL, CryptoClient
from day05_http_client.render import render_json, render_prices, render_weather
from day05_http_client.retry import RetryPolicy
from day05_http_client.session import DEFAULT_DEADLINE, JsonClient, Timeouts, build_session
from day05_http_client.weather import FORECAST_URL, GEOCODING_URL, WeatherClient
from shared.cli import output, run_cli
from shared.logs import configure_logging

DEFAULT_ARGS = ("weather", "--city", "Berlin")
_COIN_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_CURRENCY = re.compile(r"^[a-z]{2,8}$")


@dataclass(frozen=True)
class HttpOptions:
    """How to talk to any API: timeouts, retries, cache, output format."""

    timeouts: Timeouts
    retry: RetryPolicy
    deadline: float
    cache_ttl: float
    cache_dir: Path
    as_json: bool
    verbose: bool


@dataclass(frozen=True)
class WeatherArgs:
    """The validated `weather` command."""

    city: str
    days: int
    geocoding_url: str
    forecast_url: str
    http: HttpOptions


@dataclass(frozen=True)
class CryptoArgs:
    """The validated `crypto` command."""

    coins: tuple[str, ...]
    currency: str
    coingecko_url: str
    http: HttpOptions


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: two sub-commands sharing the HTTP options."""
    parser = argparse.ArgumentParser(
        prog="python -m day05_http_client",
        description="Fetch the weather (Open-Meteo) or coin prices (CoinGecko) from public APIs.",
        epilog="With no arguments: weather --city Berlin.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common_options()
    weather = commands.add_parser(
        "weather", parents=[common], help="current weather and forecast for a city"
    )
    weather.add_argument("--city", default="Berlin", help="place name (default: Berlin)")
    weather.add_argument("--days", type=int, default=3, help="forecast days, 1-16 (default: 3)")
    _add_url_option(weather, "GEOCODING_URL", GEOCODING_URL)
    _add_url_option(weather, "FORECAST_URL", FORECAST_URL)
    crypto = commands.add_parser("crypto", parents=[common], help="coin prices and 24 h change")
    crypto.add_argument("coins", nargs="+", metavar="COIN", help="CoinGecko ids, e.g. bitcoin")
    crypto.add_argument("--currency", default="usd", help="price currency (default: usd)")
    _add_url_option(crypto, "COINGECKO_URL", COINGECKO_URL)
    return parser


def _add_url_option(parser: argparse.ArgumentParser, name: str, public: str) -> None:
    """--<name>-url, defaulting to $DAY05_<NAME>_URL, else the public API."""
    default = os.environ.get(f"DAY05_{name}") or public
    flag = "--" + name.lower().replace("_", "-")
    parser.add_argument(flag, default=default, metavar="URL", help=f"(default: {default})")


def _common_options() -> argparse.ArgumentParser:
    """Options every sub-command accepts (a parent parser)."""
    common = argparse.ArgumentParser(add_help=False)
    add = common.add_argument
    add("--json", action="store_true", help="print the API's raw JSON instead of a table")
    add("-v", "--verbose", action="store_true", help="debug logs and tracebacks")
    add("--timeout", type=float, default=10.0, metavar="S", help="read timeout (default: 10)")
    add("--connect-timeout", type=float, default=3.05, metavar="S", help="(default: 3.05)")
    add("--retries", type=int, default=3, metavar="N", help="extra attempts (default: 3)")
    add(
        "--deadline",
        type=float,
        default=DEFAULT_DEADLINE,
        metavar="S",
        help="give up on an answer after S seconds, retries included (default: %(default)g)",
    )
    add("--backoff", type=float, default=0.5, metavar="S", help="first retry wait (default: 0.5)")
    add("--cache-ttl", type=float, default=0.0, metavar="S", help="reuse answers younger than S")
    add(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE_DIR,
        metavar="DIR",
        help=f"(default: {DEFAULT_CACHE_DIR})",
    )
    return common


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv) or list(DEFAULT_ARGS)
    parser = build_parser()
    try:
        command = validate(parser, parser.parse_args(args))
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else 0
    configure_logging(verbose=command.http.verbose)
    return run_cli(lambda: execute(command), verbose=command.http.verbose)


def validate(parser: argparse.ArgumentParser, ns: argparse.Namespace) -> WeatherArgs | CryptoArgs:
    """Check the parsed arguments before any request is made; parser.error() exits 2."""
    http = _http_options(parser, ns)
    if ns.command == "weather":
        city = ns.city.strip()
        if not city:
            parser.error("--city must not be empty")
        if not 1 <= ns.days <= 16:
            parser.error(f"--days must be between 1 and 16, not {ns.days}")
        urls = [_url(parser, "--geocoding-url", ns.geocoding_url)]
        urls.append(_url(parser, "--forecast-url", ns.forecast_url))
        return WeatherArgs(city, ns.days, urls[0], urls[1], http)
    coins = tuple(coin.strip().lower() for coin in ns.coins)
    bad = [coin for coin in coins if not _COIN_ID.match(coin)]
    if bad:
        parser.error(f"{bad[0]!r} is not a CoinGecko id (lowercase, like 'bitcoin')")
    currency = ns.currency.strip().lower()
    if not _CURRENCY.match(currency):
        parser.error(f"--currency {ns.currency!r} is not a currency code like 'usd'")
    return CryptoArgs(coins, currency, _url(parser, "--coingecko-url", ns.coingecko_url), http)


def _http_options(parser: argparse.ArgumentParser, ns: argparse.Namespace) -> HttpOptions:
    """The shared options, validated."""
    if ns.timeout <= 0 or ns.connect_timeout <= 0 or ns.deadline <= 0:
        parser.error("--timeout, --connect-timeout and --deadline must be positive")
    if ns.retries < 0 or ns.backoff < 0 or ns.cache_ttl < 0:
        parser.error("--retries, --backoff and --cache-ttl must not be negative")
    return HttpOptions(
        timeouts=Timeouts(connect=ns.connect_timeout, read=ns.timeout),
        retry=RetryPolicy(retries=ns.retries, base=ns.backoff),
        deadline=ns.deadline,
        cache_ttl=ns.cache_ttl,
        cache_dir=ns.cache_dir,
        as_json=ns.json,
        verbose=ns.verbose,
    )


def _url(parser: argparse.ArgumentParser, option: str, value: str) -> str:
    """A base URL must be http(s)://host[...]."""
    if not re.match(r"^https?://[^/\s]+", value):
        parser.error(f"{option} must be an http:// or https:// URL, not {value!r}")
    return value


def execute(command: WeatherArgs | CryptoArgs) -> int:
    """Do the work of a validated command and print the result."""
    options = command.http
    cache = (
        ResponseCache(options.cache_dir, ttl=options.cache_ttl) if options.cache_ttl > 0 else None
    )
    with build_session() as session:
        http = JsonClient(
            session,
            timeouts=options.timeouts,
            retry=options.retry,
            cache=cache,
            deadline=options.deadline,
        )
        if isinstance(command, WeatherArgs):
            weather = WeatherClient(
                http, geocoding_url=command.geocoding_url, forecast_url=command.forecast_url
            )
            report = weather.report(command.city, days=command.days)
            output(render_json(report.raw) if options.as_json else render_weather(report))
        else:
            crypto = CryptoClient(http, base_url=command.coingecko_url)
            prices = crypto.prices(command.coins, currency=command.currency)
            output(render_json(prices.raw) if options.as_json else render_prices(prices))
    return 0
