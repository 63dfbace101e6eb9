"""The command line end to end: main([...]) against a local server shaped like the real APIs."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from day05_http_client.cli import main

from .conftest import load


@pytest.fixture(autouse=True)
def quiet_server(caplog: pytest.LogCaptureFixture) -> None:
    """Mute the test server's request lines (the course plugin restores logging after)."""
    caplog.set_level(logging.WARNING, logger="werkzeug")


def serve_weather(httpserver: HTTPServer) -> list[str]:
    """Berlin's geocoding and forecast answers; returns the base-URL options for main()."""
    httpserver.expect_request("/v1/search").respond_with_json(load("geocoding_berlin.json"))
    httpserver.expect_request("/v1/forecast").respond_with_json(load("forecast_berlin.json"))
    base = httpserver.url_for("/")
    return ["--geocoding-url", base, "--forecast-url", base]


def stderr_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_weather_prints_a_readable_table(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = serve_weather(httpserver)
    assert main(["weather", "--city", "Berlin", *urls]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Berlin, Germany (52.52°N, 13.41°E, Europe/Berlin)",
        "now (2025-11-27T16:00): 4.3 °C, wind 12.6 km/h, overcast",
        "",
        "date        weather     min °C  max °C  rain mm",
        "----------  ----------  ------  ------  -------",
        "2025-11-27  overcast       1.2     5.8      0.0",
        "2025-11-28  light rain     3.0     6.4      4.2",
        "2025-11-29  light snow    -1.5     2.1      1.3",
    ]


def test_weather_json_prints_the_raw_api_data(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = serve_weather(httpserver)
    assert main(["weather", "--json", *urls]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "location": load("geocoding_berlin.json")["results"][0],
        "forecast": load("forecast_berlin.json"),
    }


def test_no_arguments_runs_the_weather_for_berlin(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Base URLs can come from DAY05_*_URL, which is how this test keeps off the internet."""
    serve_weather(httpserver)
    monkeypatch.setenv("DAY05_GEOCODING_URL", httpserver.url_for("/"))
    monkeypatch.setenv("DAY05_FORECAST_URL", httpserver.url_for("/"))
    assert main([]) == 0
    assert capsys.readouterr().out.startswith("Berlin, Germany")
    assert httpserver.log[0][0].args["name"] == "Berlin", "the default city is Berlin"


def test_crypto_prints_prices_in_the_requested_currency(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request(
        "/api/v3/simple/price",
        query_string={
            "ids": "bitcoin,ethereum",
            "vs_currencies": "eur",
            "include_24hr_change": "true",
        },
    ).respond_with_json(load("coingecko_simple_price.json"))
    url = httpserver.url_for("/api/v3")
    assert main(["crypto", "bitcoin", "ethereum", "--currency", "eur", "--coingecko-url", url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "coin      price (EUR)  24h change",
        "--------  -----------  ----------",
        "bitcoin     78,432.17     +2.34 %",
        "ethereum     2,598.60     -1.05 %",
    ]


def test_crypto_json_prints_the_raw_api_data(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/simple/price").respond_with_json(
        load("coingecko_simple_price.json")
    )
    args = ["crypto", "bitcoin", "ethereum", "--currency", "eur", "--json"]
    assert main([*args, "--coingecko-url", httpserver.url_for("/")]) == 0
    assert json.loads(capsys.readouterr().out) == load("coingecko_simple_price.json")


def test_unknown_city_exits_2_with_one_line(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/v1/search").respond_with_json(load("geocoding_no_results.json"))
    base = httpserver.url_for("/")
    code = main(["weather", "--city", "Atlantis", "--geocoding-url", base, "--forecast-url", base])
    assert code == 2
    assert stderr_lines(capsys) == [
        "error: no place called 'Atlantis' was found "
        "(check the spelling, or try a bigger town nearby)"
    ]


def test_unknown_coin_exits_2_naming_it(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/simple/price").respond_with_json({})
    assert main(["crypto", "notacoin", "--coingecko-url", httpserver.url_for("/")]) == 2
    [line] = stderr_lines(capsys)
    assert line.startswith("error: CoinGecko does not know the coin id(s) 'notacoin' (")


def test_unreachable_host_exits_1_with_one_line_naming_it(
    closed_port_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["crypto", "bitcoin", "--coingecko-url", closed_port_url, "--backoff", "0"]
    assert main(args) == 1
    host = closed_port_url.removeprefix("http://")
    assert stderr_lines(capsys) == [
        f"error: could not reach {host}: Connection refused "
        "(check your network connection and the URL)"
    ], "one line, no traceback, naming the host"


def test_verbose_adds_the_traceback(
    closed_port_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["crypto", "bitcoin", "--coingecko-url", closed_port_url, "--retries", "0", "-v"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ConnectionRefusedError" in err
    assert err.splitlines()[-1].startswith("error: could not reach 127.0.0.1:")


def test_server_error_then_success_still_succeeds(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_ordered_request("/simple/price").respond_with_data("", status=502)
    httpserver.expect_ordered_request("/simple/price").respond_with_json({"bitcoin": {"usd": 9}})
    args = ["crypto", "bitcoin", "--backoff", "0", "--coingecko-url", httpserver.url_for("/")]
    assert main(args) == 0
    assert "bitcoin" in capsys.readouterr().out


def test_rate_limit_with_retry_after_zero_still_succeeds(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_ordered_request("/simple/price").respond_with_json(
        load("coingecko_rate_limited.json"), status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request("/simple/price").respond_with_json({"bitcoin": {"usd": 9}})
    assert main(["crypto", "bitcoin", "--coingecko-url", httpserver.url_for("/")]) == 0
    assert len(httpserver.log) == 2


def test_persistent_rate_limit_exits_1_with_the_api_message(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/simple/price").respond_with_json(
        load("coingecko_rate_limited.json"), status=429
    )
    args = ["crypto", "bitcoin", "--retries", "1", "--backoff", "0"]
    assert main([*args, "--coingecko-url", httpserver.url_for("/")]) == 1
    [line] = stderr_lines(capsys)
    assert "answered HTTP 429 TOO MANY REQUESTS: You've exceeded the Rate Limit" in line


def _slow(request: Request) -> Response:
    time.sleep(0.35)
    return Response("{}", content_type="application/json")


def test_slow_server_exits_1_naming_the_timeout(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/simple/price").respond_with_handler(_slow)
    args = ["crypto", "bitcoin", "--timeout", "0.2", "--retries", "0"]
    assert main([*args, "--coingecko-url", httpserver.url_for("/")]) == 1
    [line] = stderr_lines(capsys)
    assert line.startswith(f"error: localhost:{httpserver.port} did not answer within 0.2 s")


def test_truncated_json_exits_1(httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    httpserver.expect_request("/simple/price").respond_with_data(
        '{"bitcoin": {"usd": 6', content_type="application/json"
    )
    assert main(["crypto", "bitcoin", "--coingecko-url", httpserver.url_for("/")]) == 1
    [line] = stderr_lines(capsys)
    assert "did not answer with valid JSON" in line and "Traceback" not in line


def test_unexpected_json_exits_1_naming_the_missing_field(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    forecast = load("forecast_berlin.json")
    del forecast["current"]["wind_speed_10m"]
    httpserver.expect_request("/v1/search").respond_with_json(load("geocoding_berlin.json"))
    httpserver.expect_request("/v1/forecast").respond_with_json(forecast)
    base = httpserver.url_for("/")
    assert main(["weather", "--geocoding-url", base, "--forecast-url", base]) == 1
    [line] = stderr_lines(capsys)
    assert f"forecast from localhost:{httpserver.port} lacks current.wind_speed_10m" in line


def test_a_server_that_never_answers_exits_1_at_the_deadline(
    stalled_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Four attempts at a 10 s timeout would take 40 s: the deadline ends it, and says so."""
    started = time.monotonic()
    args = ["crypto", "bitcoin", "--coingecko-url", stalled_url, "--deadline", "0.5"]
    assert main(args) == 1
    assert time.monotonic() - started < 3, "the whole command ends near its deadline"
    [line] = stderr_lines(capsys)
    assert "gave no usable answer within the 0.5 s deadline" in line, line
    assert "--deadline" in line, "the error names the option that changes it"


def test_geocoding_nonsense_exits_1_not_2(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/v1/search").respond_with_json({"ok": True})
    base = httpserver.url_for("/")
    args = ["weather", "--city", "Porto", "--geocoding-url", base, "--forecast-url", base]
    assert main(args) == 1
    [line] = stderr_lines(capsys)
    assert "is not a geocoding answer" in line and "no place called" not in line


def test_cache_ttl_serves_a_repeated_run_from_disk(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    urls = serve_weather(httpserver)
    args = ["weather", *urls, "--cache-ttl", "600", "--cache-dir", str(tmp_path / "cache")]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    assert len(httpserver.log) == 2, "the second run must be answered from the cache"
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_without_cache_ttl_every_run_asks_the_api(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    urls = serve_weather(httpserver)
    args = ["weather", *urls, "--cache-dir", str(tmp_path / "cache")]
    assert main(args) == main(args) == 0
    assert len(httpserver.log) == 4
    assert not (tmp_path / "cache").exists(), "no cache unless --cache-ttl is given"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weather", "--geocoding-url", "localhost:8000"], "--geocoding-url must be an http://"),
        (["weather", "--forecast-url", "ftp://x"], "--forecast-url must be an http://"),
        (["weather", "--city", "  "], "--city must not be empty"),
        (["weather", "--days", "17"], "--days must be between 1 and 16"),
        (["weather", "--timeout", "0"], "--timeout, --connect-timeout and --deadline must be"),
        (["weather", "--deadline", "0"], "--timeout, --connect-timeout and --deadline must be"),
        (["weather", "--cache-ttl", "-1"], "must not be negative"),
        (["crypto", "Bit Coin"], "'bit coin' is not a CoinGecko id"),
        (["crypto", "bitcoin", "--currency", "euros!"], "is not a currency code"),
        (["crypto"], "the following arguments are required: COIN"),
        (["stocks"], "invalid choice: 'stocks'"),
    ],
    ids=[
        "geocoding-url-without-scheme",
        "forecast-url-ftp",
        "blank-city",
        "too-many-days",
        "zero-timeout",
        "zero-deadline",
        "negative-cache-ttl",
        "coin-id-with-space",
        "bad-currency",
        "no-coin",
        "unknown-command",
    ],
)
def test_usage_errors_exit_2_before_any_request(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage:" in capsys.readouterr().out
