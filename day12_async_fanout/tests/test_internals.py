"""The reference's own parts that a learner's design need not share: day 5's bridge and the
demo's stand-ins (the test helpers' lag check is tested in test_lag.py)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

pytestmark = pytest.mark.internal


def test_run_day5_refuses_a_call_that_makes_no_request() -> None:
    from day12_async_fanout.bridge import run_day5

    async def run() -> None:
        async with httpx.AsyncClient() as http:
            await run_day5(lambda json: "no request made", http)

    with pytest.raises(RuntimeError, match="without asking"):
        asyncio.run(run())


def test_demo_stalls_and_downs_only_the_named_sources() -> None:
    from day12_async_fanout.demo import DEMO_PROFILES, demo_profiles, demo_urls

    profiles = demo_profiles(stall=["weather"])
    assert profiles["geocoding"].stall_every == profiles["forecast"].stall_every == 1
    assert profiles["coingecko"] == DEMO_PROFILES["coingecko"]
    urls = demo_urls("http://up", down=["fx"], dead="http://dead")
    assert urls.frankfurter == "http://dead/frankfurter"
    assert urls.coingecko == "http://up/coingecko"


def test_demo_stand_ins_answer_like_the_apis_and_fail_on_schedule() -> None:
    from day12_async_fanout.demo import Profile, Simulator

    simulator = Simulator({"coingecko": Profile(0, fail_every=2)}, default=Profile(0))

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=simulator)
        async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
            return [
                await http.get("/geocoding/v1/search", params={"name": "Oslo"}),
                await http.get("/geocoding/v1/search", params={"name": "Atlantis"}),
                await http.get("/forecast/v1/forecast", params={"latitude": "60"}),
                await http.get("/coingecko/simple/price", params={"ids": "bitcoin,nocoin"}),
                await http.get("/coingecko/simple/price", params={"ids": "bitcoin"}),
                await http.get("/frankfurter/latest", params={"base": "USD", "symbols": "EUR"}),
                await http.get("/wikipedia/page/summary/New_York"),
                await http.get("/s3", params={"city": "Oslo"}),
            ]

    place, nowhere, forecast, coins, failed, fx, wiki, generic = asyncio.run(run())
    assert place.json()["results"][0]["name"] == "Oslo"
    assert "results" not in nowhere.json()
    assert forecast.json()["current"]["temperature_2m"] == 5.0
    assert list(coins.json()) == ["bitcoin"], "the demo's unknown coin is left out"
    assert failed.status_code == 503, "every second CoinGecko request fails"
    assert list(fx.json()["rates"]) == ["EUR"]
    assert wiki.json()["title"] == "New York"
    assert generic.json() == {"upstream": "s3", "query": {"city": "Oslo"}}
