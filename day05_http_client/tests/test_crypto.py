"""CryptoClient against a local server answering like CoinGecko's /simple/price."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from day05_http_client import ApiResponseError, CoinPrice, CryptoClient, NotFoundError

from .conftest import MakeClient, load


@pytest.fixture
def crypto(httpserver: HTTPServer, make_client: MakeClient) -> CryptoClient:
    return CryptoClient(make_client(), base_url=httpserver.url_for("/api/v3"))


def test_prices_are_read_in_the_order_asked(httpserver: HTTPServer, crypto: CryptoClient) -> None:
    httpserver.expect_request(
        "/api/v3/simple/price",
        query_string={
            "ids": "ethereum,bitcoin",
            "vs_currencies": "eur",
            "include_24hr_change": "true",
        },
    ).respond_with_json(load("coingecko_simple_price.json"))
    report = crypto.prices(["Ethereum", "bitcoin", "ethereum"], currency="EUR")
    assert report.currency == "eur"
    assert report.prices == (
        CoinPrice("ethereum", "eur", 2598.6, -1.0549733),
        CoinPrice("bitcoin", "eur", 78432.17, 2.3411587),
    ), "ids are lower-cased and de-duplicated; order follows the request"
    assert report.raw == load("coingecko_simple_price.json")


def test_missing_24h_change_is_none(httpserver: HTTPServer, crypto: CryptoClient) -> None:
    httpserver.expect_request("/api/v3/simple/price").respond_with_json({"bitcoin": {"usd": 5}})
    assert crypto.prices(["bitcoin"]).prices == (CoinPrice("bitcoin", "usd", 5.0, None),)


def test_unknown_coin_ids_are_named(httpserver: HTTPServer, crypto: CryptoClient) -> None:
    httpserver.expect_request("/api/v3/simple/price").respond_with_json(
        {"bitcoin": {"usd": 1.0}}  # CoinGecko silently leaves out ids it does not know
    )
    with pytest.raises(NotFoundError, match="does not know the coin id\\(s\\) 'bitcon', 'doge'"):
        crypto.prices(["bitcoin", "bitcon", "doge"])


def test_unknown_currency_is_a_not_found_error(
    httpserver: HTTPServer, crypto: CryptoClient
) -> None:
    httpserver.expect_request("/api/v3/simple/price").respond_with_json({"bitcoin": {}})
    with pytest.raises(NotFoundError, match="no prices in the currency 'xyz'"):
        crypto.prices(["bitcoin"], currency="xyz")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "is not a price answer: it is list"),
        ({"bitcoin": {"usd": "cheap"}}, r"has bitcoin\.usd = 'cheap', expected a number"),
        ({"bitcoin": {"usd": 1.0}, "ethereum": {}}, r"lacks ethereum\.usd \(a number\)"),
        ({"bitcoin": 42}, "is not a price answer"),
    ],
    ids=["array", "price-is-text", "price-missing", "coin-is-a-number"],
)
def test_unexpected_price_json_names_what_is_wrong(
    httpserver: HTTPServer, crypto: CryptoClient, body: object, message: str
) -> None:
    httpserver.expect_request("/api/v3/simple/price").respond_with_json(body)
    coins = list(body) if isinstance(body, dict) else ["bitcoin"]
    with pytest.raises(ApiResponseError, match=message):
        crypto.prices(coins)


@pytest.mark.parametrize(
    "body",
    [{"ok": True}, {"bitcoin": {"usd": 1.0}, "status": {"error_code": 0}}],
    ids=["unrelated-object", "extra-keys"],
)
def test_json_that_is_not_a_price_answer_is_a_response_error_not_an_unknown_coin(
    httpserver: HTTPServer, crypto: CryptoClient, body: object
) -> None:
    """An upstream answering nonsense is its failure (exit 1), not the user's typo (exit 2)."""
    httpserver.expect_request("/api/v3/simple/price").respond_with_json(body)
    with pytest.raises(ApiResponseError, match="is not a price answer"):
        crypto.prices(["bitcoin"])


def test_asking_for_no_coins_is_a_programming_error(crypto: CryptoClient) -> None:
    with pytest.raises(ValueError, match="at least one coin"):
        crypto.prices([])
