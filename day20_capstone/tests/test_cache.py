"""The per-user Redis cache (day 10's RedisCache): hits, invalidation, and Redis down."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from day20_capstone import Settings, User, create_app
from day20_capstone.tests.helpers import sign_up
from shared.testing import RedisSlice


@pytest.fixture
def cached(settings: Settings, redis_slice: RedisSlice) -> Iterator[TestClient]:
    """The API with the cache on the test's slice of the real Redis."""
    redis = {"redis_url": redis_slice.url, "day20_key_prefix": redis_slice.prefix}
    settings = settings.model_copy(update=redis)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _cache(client: TestClient, headers: dict[str, str], path: str = "/tasks") -> Any:
    reply = client.get(path, headers=headers)
    assert reply.status_code == 200, reply.text
    return reply.headers.get("X-Cache"), reply.json()


@pytest.mark.parametrize("path", ["/tasks", "/tasks/stats"])
def test_reads_are_cached_and_every_write_invalidates(cached: TestClient, path: str) -> None:
    ann = sign_up(cached, "ann")
    assert _cache(cached, ann.headers, path)[0] == "MISS"
    assert _cache(cached, ann.headers, path)[0] == "HIT", "the second read comes from Redis"
    task = cached.post("/tasks", json={"title": "new"}, headers=ann.headers).json()
    status, body = _cache(cached, ann.headers, path)
    assert status == "MISS", "a write of the user drops their cached answers"
    assert "new" in str(body) or body.get("total") == 1, body
    cached.patch(f"/tasks/{task['id']}", json={"done": True}, headers=ann.headers)
    assert _cache(cached, ann.headers, path)[0] == "MISS"


def test_one_users_write_leaves_another_users_cache(cached: TestClient) -> None:
    ann, ben = sign_up(cached, "ann"), sign_up(cached, "ben")
    _cache(cached, ben.headers)
    cached.post("/tasks", json={"title": "ann's"}, headers=ann.headers)
    status, body = _cache(cached, ben.headers)
    assert status == "HIT" and body["items"] == [], "ben's cached list is still valid, and his own"


def test_a_hit_is_the_same_json_as_the_miss_and_the_uncached_answer(
    cached: TestClient, client: TestClient
) -> None:
    ann, ben = sign_up(cached, "ann"), sign_up(client, "ben")
    for app, who in ((cached, ann), (client, ben)):
        app.post("/tasks", json={"title": "caf\u00e9 \u2615", "tags": ["x"]}, headers=who.headers)
    miss, hit = cached.get("/tasks", headers=ann.headers), cached.get("/tasks", headers=ann.headers)
    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("MISS", "HIT")
    assert hit.content == miss.content, "a hit sends the very bytes the miss sent"
    assert hit.headers["content-type"] == "application/json"
    plain = client.get("/tasks", headers=ben.headers).json()["items"][0]
    cached_item = hit.json()["items"][0]
    assert cached_item.keys() == plain.keys() and cached_item["title"] == plain["title"], (
        "cached or not, the task has the same fields and text"
    )


def test_a_cached_list_is_refused_as_soon_as_the_session_or_account_is_revoked(
    cached: TestClient, sessions: sessionmaker[Session]
) -> None:
    """The cache holds task lists, never the decision who may read them: that is asked of
    the database on every request, so a logout or a deactivation locks out at once."""
    ann, ben, boss = sign_up(cached, "ann"), sign_up(cached, "ben"), sign_up(cached, "boss")
    with sessions.begin() as session:
        admin = session.get(User, boss.id)
        assert admin is not None
        admin.is_admin = True
    for who in (ann, ben):
        _cache(cached, who.headers)
        assert _cache(cached, who.headers)[0] == "HIT"
    assert cached.post("/auth/logout", headers=ann.headers).status_code == 204
    assert cached.get("/tasks", headers=ann.headers).status_code == 401, (
        "after logout the cached list must not be served to the old access token"
    )
    deactivated = cached.post(f"/admin/users/{ben.id}/deactivate", headers=boss.headers)
    assert deactivated.status_code == 200, deactivated.text
    assert cached.get("/tasks", headers=ben.headers).status_code == 401, (
        "a deactivated user's cached list must not be served"
    )


def test_without_redis_url_there_is_no_cache_header(client: TestClient) -> None:
    ann = sign_up(client, "ann")
    assert _cache(client, ann.headers)[0] is None, "the cache is off: no X-Cache"


def test_redis_down_serves_correct_data_with_one_warning(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings.model_copy(update={"redis_url": "redis://127.0.0.1:9/0"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        ann = sign_up(client, "ann")
        caplog.set_level(logging.WARNING)
        client.post("/tasks", json={"title": "still works"}, headers=ann.headers)
        for _ in range(3):
            status, body = _cache(client, ann.headers)
            assert status == "BYPASS" and body["items"][0]["title"] == "still works", (status, body)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "day10" in r.name]
    assert len(warnings) == 1, (
        f"one warning per outage, not one per request: {[r.message for r in warnings]}"
    )
