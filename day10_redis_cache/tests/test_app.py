"""The app's wiring: the X-Cache header rules, day 8's schema at startup, the settings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from day10_redis_cache import (
    CacheStatus,
    Settings,
    collect_outcomes,
    create_app,
    record,
    summarize,
)
from day10_redis_cache.tests.conftest import AppFactory
from shared.testing import RedisSlice


def test_one_header_per_request_bypass_beats_miss_beats_hit() -> None:
    hit, miss, bypass = CacheStatus.HIT, CacheStatus.MISS, CacheStatus.BYPASS
    assert summarize([hit, hit]) is hit
    assert summarize([hit, miss]) is miss
    assert summarize([miss, bypass, hit]) is bypass
    assert summarize([]) is None


def test_outcomes_outside_a_request_are_ignored() -> None:
    record(CacheStatus.HIT)  # no collector: nothing to do, nothing raised
    with collect_outcomes() as outcomes:
        record(CacheStatus.MISS)
    assert outcomes == [CacheStatus.MISS]


def test_routes_that_skip_the_cache_carry_no_header(client: TestClient) -> None:
    response = client.get("/projects")
    assert response.status_code == 200 and "X-Cache" not in response.headers


def test_schema_is_created_at_startup_when_asked(tmp_path: Path, redis_slice: RedisSlice) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'empty.db'}",
        redis_url=redis_slice.url,
        day10_cache_prefix=redis_slice.prefix,
        day08_create_schema_on_startup=True,
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/reports/inventory/value")
    assert (response.status_code, response.headers["X-Cache"]) == (200, "MISS")


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6380/2")
    monkeypatch.setenv("DAY10_REPORT_TTL", "0.5")
    monkeypatch.setenv("DAY10_CACHE_PREFIX", "shop:")
    settings = Settings()
    assert (settings.redis_url, settings.day10_report_ttl) == ("redis://cache.internal:6380/2", 0.5)
    assert settings.day10_cache_prefix == "shop:"


def test_settings_refuse_nonsense() -> None:
    with pytest.raises(ValidationError):
        Settings(day10_ttl_jitter=1.5)
    with pytest.raises(ValidationError):
        Settings(day10_socket_timeout=0)


def test_report_ttl_setting_applies_to_reports(make_app: AppFactory) -> None:
    with TestClient(make_app(day10_report_ttl=0.5, day10_ttl_jitter=0)) as client:
        client.get("/reports/tasks/completed")
        assert client.get("/reports/tasks/completed").headers["X-Cache"] == "HIT"
        time.sleep(0.6)
        assert client.get("/reports/tasks/completed").headers["X-Cache"] == "MISS"
