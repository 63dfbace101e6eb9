"""GET /overview on healthy upstreams: every source's data, its status and its timing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from day12_async_fanout import OverviewQuery, Source, json_source
from day12_async_fanout.tests.conftest import ClientMaker
from day12_async_fanout.tests.helpers import FakeUpstreams

SOURCES = ["weather", "crypto", "fx", "wiki"]


def test_overview_gathers_every_source_with_status_ok(client: TestClient) -> None:
    response = client.get("/overview", params={"city": "Berlin", "coins": "bitcoin,ethereum"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body["sources"]) == SOURCES, "one entry per source, in a stable order"
    statuses = {name: source["status"] for name, source in body["sources"].items()}
    assert statuses == dict.fromkeys(SOURCES, "ok"), f"every upstream answered: {statuses}"
    assert body["answered"] == 4
    assert (body["city"], body["coins"], body["currency"], body["mode"]) == (
        "Berlin",
        ["bitcoin", "ethereum"],
        "usd",
        "concurrent",
    )


def test_each_source_carries_its_own_data(client: TestClient) -> None:
    """Weather and prices are parsed with day 5's clients; fx and wiki keep what matters."""
    sources = client.get("/overview", params={"city": "Berlin", "coins": "bitcoin"}).json()[
        "sources"
    ]
    weather = sources["weather"]["data"]
    assert weather["place"] == "Berlin" and weather["temperature"] == 4.3, weather
    assert weather["description"] == "overcast", "day 5 turns WMO code 3 into words"
    assert sources["crypto"]["data"]["prices"]["bitcoin"]["price"] == 61234.5
    assert sources["fx"]["data"]["base"] == "USD"
    assert sources["fx"]["data"]["rates"]["EUR"] == 0.92
    assert sources["wiki"]["data"]["extract"] == "Berlin is a city."


def test_every_source_reports_attempts_and_elapsed_ms(client: TestClient) -> None:
    body = client.get("/overview").json()
    for name, source in body["sources"].items():
        assert source["attempts"] == 1, f"{name}: one request was enough"
        assert 0 <= source["elapsed_ms"] <= body["elapsed_ms"] + 1, (
            f"{name}: a source's elapsed_ms is part of the whole answer's"
        )


def test_defaults_are_berlin_bitcoin_ethereum_in_usd(
    client: TestClient, fake: FakeUpstreams
) -> None:
    body = client.get("/overview").json()
    assert (body["city"], body["coins"], body["currency"]) == (
        "Berlin",
        ["bitcoin", "ethereum"],
        "usd",
    )
    asked = fake.seen("crypto")[0].query
    assert (asked["ids"], asked["vs_currencies"]) == ("bitcoin,ethereum", "usd")


def test_city_and_currency_reach_the_upstreams(client: TestClient, fake: FakeUpstreams) -> None:
    client.get("/overview", params={"city": "New York", "currency": "eur"})
    assert fake.seen("geocoding")[0].query["name"] == "New York"
    assert fake.seen("frankfurter")[0].query["base"] == "EUR"
    assert fake.seen("wiki")[0].path == "page/summary/New_York"
    assert fake.seen("crypto")[0].query["vs_currencies"] == "eur"


def test_unknown_city_is_an_error_of_the_weather_source_only(client: TestClient) -> None:
    response = client.get("/overview", params={"city": "Atlantis"})
    assert response.status_code == 200, "the other sources still answered"
    weather = response.json()["sources"]["weather"]
    assert weather["status"] == "error"
    assert "Atlantis" in weather["detail"], "day 5's message names the city"
    assert response.json()["answered"] == 3


def test_unknown_coin_is_an_error_of_the_crypto_source(client: TestClient) -> None:
    crypto = client.get("/overview", params={"coins": "nocoin"}).json()["sources"]["crypto"]
    assert crypto["status"] == "error" and "nocoin" in crypto["detail"]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"coins": "Bitcoin"}, id="coin-with-capitals"),
        pytest.param({"coins": "a,b,c,d,e,f,g,h,i,j,k"}, id="eleven-coins"),
        pytest.param({"coins": ""}, id="no-coins"),
        pytest.param({"city": "   "}, id="blank-city"),
        pytest.param({"city": "x" * 101}, id="city-too-long"),
        pytest.param({"currency": "dollars"}, id="currency-not-a-code"),
        pytest.param({"mode": "parallel"}, id="unknown-mode"),
    ],
)
def test_bad_query_is_a_422_problem_naming_the_parameter(
    client: TestClient, fake: FakeUpstreams, params: dict[str, str]
) -> None:
    response = client.get("/overview", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields == [f"query.{next(iter(params))}"], fields
    assert not fake.requests, "a bad query must not reach any upstream"


def test_custom_sources_are_gathered_like_the_built_in_ones(
    make_client: ClientMaker, fake: FakeUpstreams
) -> None:
    """`create_app(sources=[...])` takes any Source: here a json_source and a hand-made one."""

    async def constant(http: Any, query: OverviewQuery) -> dict[str, Any]:
        return {"city": query.city, "coins": list(query.coins)}

    sources = [json_source("mine", f"{fake.base_url}/mine"), Source("constant", constant)]
    client = make_client(sources=sources)
    body = client.get("/overview", params={"city": "Oslo", "coins": "solana"}).json()
    assert list(body["sources"]) == ["mine", "constant"]
    assert body["sources"]["mine"]["data"]["query"] == {
        "city": "Oslo",
        "coins": "solana",
        "currency": "usd",
    }
    assert body["sources"]["constant"]["data"] == {"city": "Oslo", "coins": ["solana"]}


def test_a_source_that_raises_unexpectedly_is_an_error_not_a_500(
    make_client: ClientMaker,
) -> None:
    async def broken(http: Any, query: OverviewQuery) -> dict[str, Any]:
        raise KeyError("a bug in a source")

    async def fine(http: Any, query: OverviewQuery) -> dict[str, Any]:
        return {"fine": True}

    client = make_client(sources=[Source("broken", broken), Source("fine", fine)])
    response = client.get("/overview")
    assert response.status_code == 200
    assert response.json()["sources"]["broken"]["status"] == "error"
    assert response.json()["sources"]["fine"]["status"] == "ok"


def test_upstreams_lists_each_source_with_a_closed_breaker(client: TestClient) -> None:
    client.get("/overview")
    states = client.get("/upstreams").json()
    assert [state["name"] for state in states] == SOURCES
    assert {state["breaker"] for state in states} == {"closed"}
    assert all(state["calls"] == 1 and state["in_flight"] == 0 for state in states), states
