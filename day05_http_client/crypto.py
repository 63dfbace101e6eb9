"""CoinGecko: current prices of coins in a currency, with the change over the last 24 hours.

The public "simple price" endpoint needs no key (it is rate-limited, hence the retries):
https://docs.coingecko.com/reference/simple-price
It answers `{"bitcoin": {"eur": 61234.5, "eur_24h_change": -1.2}, ...}` and silently leaves
out ids it does not know, which is how this client tells "unknown coin" apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from day05_http_client.errors import NotFoundError
from day05_http_client.payload import find, not_an_answer, number
from day05_http_client.session import JsonClient

COINGECKO_URL = "https://api.coingecko.com/api/v3"


@dataclass(frozen=True)
class CoinPrice:
    """One coin's price in `currency`; `change_24h` is in percent (None if not reported)."""

    coin: str
    currency: str
    price: float
    change_24h: float | None


@dataclass(frozen=True)
class PriceReport:
    """Prices for the coins asked for, in the order asked; `raw` is the API's answer."""

    currency: str
    prices: tuple[CoinPrice, ...]
    raw: dict[str, Any]


class CryptoClient:
    """Fetches coin prices from CoinGecko (or a server shaped like it)."""

    def __init__(self, http: JsonClient, *, base_url: str = COINGECKO_URL) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")

    def prices(self, coins: Sequence[str], *, currency: str = "usd") -> PriceReport:
        """Prices of `coins` (CoinGecko ids such as 'bitcoin') in `currency` ('usd', 'eur')."""
        if not coins:
            raise ValueError("ask for at least one coin")
        wanted = list(dict.fromkeys(coin.lower() for coin in coins))
        currency = currency.lower()
        body = self.http.get(
            f"{self.base_url}/simple/price",
            {"ids": ",".join(wanted), "vs_currencies": currency, "include_24hr_change": "true"},
        )
        source = f"price answer from {urlsplit(self.base_url).netloc}"
        # solution: refuse JSON that is not a price answer (exit 1) before naming unknown coins
        if not isinstance(body, dict) or any(
            coin not in wanted or not isinstance(entry, dict) for coin, entry in body.items()
        ):
            # CoinGecko answers only with the coins asked for, each an object of prices.
            raise not_an_answer(body, source=source, kind="price answer")
        _check_known(body, wanted, currency)
        # end solution
        return PriceReport(
            currency=currency,
            prices=tuple(_price(body, coin, currency, source=source) for coin in wanted),
            raw=body,
        )


def _check_known(body: dict[str, Any], coins: list[str], currency: str) -> None:
    """NotFoundError naming every coin the API left out, or a currency it did not price."""
    unknown = [coin for coin in coins if coin not in body]
    if unknown:
        names = ", ".join(repr(coin) for coin in unknown)
        raise NotFoundError(
            f"CoinGecko does not know the coin id(s) {names}",
            hint="use CoinGecko ids such as bitcoin, ethereum, solana; see /coins/list",
        )
    if all(isinstance(body[coin], dict) and not body[coin] for coin in coins):
        # An unsupported vs_currency gives an empty object for every coin.
        raise NotFoundError(
            f"CoinGecko has no prices in the currency {currency!r}",
            hint="use a code such as usd, eur, gbp, jpy or btc",
        )


def _price(body: dict[str, Any], coin: str, currency: str, *, source: str) -> CoinPrice:
    """One CoinPrice from the answer's entry for `coin`."""
    entry = find(body, coin, source=source, expected="an object")
    change_24h = entry.get(f"{currency}_24h_change") if isinstance(entry, dict) else None
    return CoinPrice(
        coin=coin,
        currency=currency,
        price=number(body, coin, currency, source=source),
        change_24h=float(change_24h) if isinstance(change_24h, int | float) else None,
    )
