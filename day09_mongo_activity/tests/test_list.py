"""GET /activities: filters, cursor pagination, and filters that try to smuggle in operators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from day09_mongo_activity.tests.helpers import iso, parse

PROBLEM = "application/problem+json"


def post(client: TestClient, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Store a batch and return the stored activities."""
    response = client.post("/activities", json=batch)
    assert response.status_code == 201, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def walk(client: TestClient, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Follow `next` from the first page to the last; return every item and the page count."""
    items: list[dict[str, Any]] = []
    pages = 0
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/activities", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            return items, pages
        assert pages < 100, "pagination does not end"


@pytest.fixture
def sample(client: TestClient, base_time: datetime) -> list[dict[str, Any]]:
    """30 activities of u1 on only three distinct timestamps, and 5 of u2."""
    batch = [
        {
            "user_id": "u1",
            "action": ("view", "click")[i % 2],
            "timestamp": iso(base_time + timedelta(hours=i % 3)),
            "i": i,
        }
        for i in range(30)
    ]
    batch += [
        {
            "user_id": "u2",
            "action": "login",
            "timestamp": iso(base_time + timedelta(days=1)),
            "device": {"os": os},
        }
        for os in ("ios", "ios", "android", "linux", "ios")
    ]
    return post(client, batch)


def sort_key(item: dict[str, Any]) -> tuple[datetime, str]:
    """The API's order, newest first: (timestamp, id), both descending."""
    return parse(item["timestamp"]), item["id"]


def test_pages_cover_everything_once_when_timestamps_are_shared(
    client: TestClient, sample: list[dict[str, Any]]
) -> None:
    items, pages = walk(client, limit=4)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), "no activity appears on two pages"
    assert set(ids) == {item["id"] for item in sample}, "no activity is skipped"
    assert pages == 9, "35 activities in pages of 4"
    assert items == sorted(items, key=sort_key, reverse=True), "newest first, ties by id"


def test_filtered_pages_cover_exactly_the_matches(
    client: TestClient, sample: list[dict[str, Any]]
) -> None:
    items, _ = walk(client, limit=3, user_id="u1", action="view")
    matches = [i for i in sample if i["user_id"] == "u1" and i["action"] == "view"]
    assert items == sorted(matches, key=sort_key, reverse=True), "every match, once, in order"


def test_last_page_has_no_next_cursor(client: TestClient, sample: list[dict[str, Any]]) -> None:
    page = client.get("/activities", params={"limit": 35}).json()
    assert len(page["items"]) == 35 and page["next"] is None
    page = client.get("/activities", params={"limit": 34}).json()
    assert page["next"] is not None


def test_inserts_between_pages_do_not_shift_the_walk(
    client: TestClient, sample: list[dict[str, Any]], base_time: datetime
) -> None:
    first = client.get("/activities", params={"limit": 10}).json()
    post(
        client,
        [{"user_id": "u9", "action": "new", "timestamp": iso(base_time + timedelta(days=3))}],
    )
    second = client.get("/activities", params={"limit": 10, "cursor": first["next"]}).json()
    seen = {i["id"] for i in first["items"]}
    assert not seen & {i["id"] for i in second["items"]}, "a newer insert must not repeat items"


def test_filter_by_user_and_action(client: TestClient, sample: list[dict[str, Any]]) -> None:
    page = client.get("/activities", params={"user_id": "u2", "limit": 500}).json()
    assert len(page["items"]) == 5 and {i["user_id"] for i in page["items"]} == {"u2"}
    page = client.get("/activities", params={"action": "click", "limit": 500}).json()
    assert len(page["items"]) == 15 and {i["action"] for i in page["items"]} == {"click"}


def test_time_range_is_since_inclusive_until_exclusive(
    client: TestClient, sample: list[dict[str, Any]], base_time: datetime
) -> None:
    params = {
        "since": iso(base_time + timedelta(hours=1)),
        "until": iso(base_time + timedelta(hours=2)),
    }
    items = client.get("/activities", params={**params, "limit": 500}).json()["items"]
    assert len(items) == 10, "only the activities stamped exactly at since"
    assert {i["timestamp"] for i in items} == {params["since"]}


def test_time_range_accepts_any_utc_offset(
    client: TestClient, sample: list[dict[str, Any]], base_time: datetime
) -> None:
    day_two = base_time + timedelta(days=1)  # when u2's five activities happened
    same_instant = day_two.astimezone(timezone(timedelta(hours=2))).isoformat()
    items = client.get("/activities", params={"since": same_instant, "limit": 500}).json()
    assert len(items["items"]) == 5, f"{same_instant} is {iso(day_two)}, so u2's five match"


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"meta.device.os": "ios"}, 3),
        ({"meta.device.os": "android"}, 1),
        ({"meta.device.os": "ios", "user_id": "u1"}, 0),
        ({"meta.i": "3"}, 0),  # query values are strings; 3 was stored as a number
        ({"meta.missing": "x"}, 0),
    ],
    ids=[
        "nested-ios",
        "nested-android",
        "and-user-id",
        "number-stored-string-asked",
        "missing-field",
    ],
)
def test_meta_filters_match_nested_fields_exactly(
    client: TestClient, sample: list[dict[str, Any]], params: dict[str, str], count: int
) -> None:
    response = client.get("/activities", params={**params, "limit": 500})
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == count


@pytest.mark.parametrize(
    "query",
    [
        "user_id[$ne]=x",
        "user_id[$regex]=.*",
        "meta.$where=sleep(100)",
        "meta.device.$ne=ios",
        "meta.=x",
        "meta..os=x",
        "meta.device.=x",
        "$where=1",
        "unknown=1",
        "meta.a=1&meta.a=2",
    ],
)
def test_filters_that_try_operators_or_unknown_names_are_422(
    client: TestClient, sample: list[dict[str, Any]], query: str
) -> None:
    response = client.get(f"/activities?{query}")
    assert response.status_code == 422, f"?{query} must be refused, not ignored or executed"
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("value", ['{"$gt": ""}', '{"$ne": null}', "$where", ".*"])
def test_operator_looking_ids_are_422(
    client: TestClient, sample: list[dict[str, Any]], value: str
) -> None:
    response = client.get("/activities", params={"user_id": value})
    assert response.status_code == 422, "user ids and actions are identifiers, not JSON"


@pytest.mark.parametrize("value", ['{"$gt": ""}', '{"$ne": "x"}', "/.*/", "$where"])
def test_meta_values_are_compared_as_literal_strings(
    client: TestClient, sample: list[dict[str, Any]], value: str
) -> None:
    response = client.get("/activities", params={"meta.device.os": value})
    assert response.status_code == 200
    assert response.json()["items"] == [], f"{value!r} is a string to compare, never an operator"


def test_meta_value_that_looks_like_an_operator_matches_only_itself(client: TestClient) -> None:
    stored = post(
        client,
        [
            {"user_id": "u1", "action": "a", "note": '{"$gt": ""}'},
            {"user_id": "u1", "action": "a", "note": "zzz"},
        ],
    )
    items = client.get("/activities", params={"meta.note": '{"$gt": ""}'}).json()["items"]
    assert items == [stored[0]]


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "bm90OmFuOm9iamVjdGlk"},  # base64 of something else
        {"cursor": "OTk5OTk5OTk5OTk5OTk5OmFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ"},  # far future
        {"cursor": "é"},
        {"limit": 0},
        {"limit": 501},
        {"since": "yesterday"},
        {"since": "2026-01-01T00:00:00"},  # no offset: ambiguous
        {"since": "-403"},  # a number is not an ISO-8601 date-time (not Unix seconds either)
        {"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
    ],
    ids=[
        "not-a-cursor",
        "other-base64",
        "far-future-cursor",
        "non-ascii-cursor",
        "limit-zero",
        "limit-over-500",
        "since-words",
        "since-without-offset",
        "since-a-number",
        "since-after-until",
    ],
)
def test_bad_cursor_limit_or_range_is_422(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/activities", params=params)
    assert response.status_code == 422, f"{params} must be 422, got {response.status_code}"
    assert response.headers["content-type"] == PROBLEM


def test_empty_collection_gives_an_empty_last_page(client: TestClient) -> None:
    assert client.get("/activities").json() == {"items": [], "next": None}


def test_pages_of_recent_and_older_activities_come_newest_first_without_gaps(
    client: TestClient,
) -> None:
    """Paging works the same whether the next page is minutes or days back."""
    now = datetime.now(UTC)
    ages = [timedelta(seconds=i) for i in range(10)] + [
        timedelta(days=2, seconds=i) for i in range(9)
    ]
    stored = post(
        client, [{"user_id": "u1", "action": "a", "timestamp": iso(now - age)} for age in ages]
    )
    items, pages = walk(client, limit=4)
    expected = sorted(stored, key=lambda item: (item["timestamp"], item["id"]), reverse=True)
    assert [item["id"] for item in items] == [item["id"] for item in expected]
    assert pages == 5
