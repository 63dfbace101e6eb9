"""POST /activities: one object or a batch, free-form fields under `meta`, and what is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from day09_mongo_activity.tests.helpers import iso, parse

PROBLEM = "application/problem+json"


def stored_count(client: TestClient) -> int:
    """How many activities GET /activities can see (one big page)."""
    response = client.get("/activities", params={"limit": 500})
    assert response.status_code == 200
    return len(response.json()["items"])


def test_post_one_activity_returns_201_with_id_timestamp_and_meta(client: TestClient) -> None:
    before = datetime.now(UTC)
    body = {"user_id": "u1", "action": "login", "ip": "10.0.0.1", "device": {"os": "ios"}}
    response = client.post("/activities", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert set(created) == {"id", "user_id", "action", "timestamp", "meta"}
    assert len(created["id"]) == 24 and int(created["id"], 16) >= 0, "id is the ObjectId as hex"
    assert created["meta"] == {"ip": "10.0.0.1", "device": {"os": "ios"}}, (
        "fields beyond user_id, action and timestamp are kept as sent, under meta"
    )
    stamp = parse(created["timestamp"])
    assert created["timestamp"].endswith("Z"), "timestamps are ISO-8601 in UTC"
    assert stamp.tzinfo is not None and stamp.utcoffset().total_seconds() == 0
    assert before.replace(microsecond=0) <= stamp <= datetime.now(UTC), "defaults to now"


def test_posted_activity_is_read_back_unchanged(client: TestClient) -> None:
    body = {"user_id": "u1", "action": "view", "tags": ["a", 1, 2.5, True, None], "n": 2**62}
    created = client.post("/activities", json=body).json()
    listed = client.get("/activities").json()["items"]
    assert listed == [created], "GET returns exactly what POST answered"


def test_timestamp_with_offset_is_stored_in_utc_to_the_millisecond(client: TestClient) -> None:
    body = {"user_id": "u1", "action": "a", "timestamp": "2026-03-01T10:00:00.123456+02:00"}
    created = client.post("/activities", json=body).json()
    assert created["timestamp"] == "2026-03-01T08:00:00.123Z", (
        "offsets are converted to UTC and cut to MongoDB's millisecond precision"
    )


def test_post_a_batch_returns_count_and_items_in_order(client: TestClient) -> None:
    batch = [{"user_id": f"u{i}", "action": "click", "i": i} for i in range(5)]
    response = client.post("/activities", json=batch)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["count"] == 5
    assert [item["meta"]["i"] for item in answer["items"]] == list(range(5))
    assert len({item["id"] for item in answer["items"]}) == 5
    assert stored_count(client) == 5


def test_batch_over_the_limit_is_413_and_stores_nothing(client: TestClient) -> None:
    batch = [{"user_id": "u1", "action": "click"}] * 51
    response = client.post("/activities", json=batch)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert "51" in response.json()["detail"] and "50" in response.json()["detail"]
    assert stored_count(client) == 0


def test_document_over_the_bson_limit_is_413_and_the_batch_is_not_stored(
    client: TestClient,
) -> None:
    batch = [
        {"user_id": "u1", "action": "ok"},
        {"user_id": "u1", "action": "big", "blob": "x" * 5000},
    ]
    response = client.post("/activities", json=batch)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Activity 1 takes"), "names the culprit"
    assert stored_count(client) == 0, "a batch is checked whole before anything is inserted"


def test_body_over_the_byte_limit_is_413_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/activities",
        content=b"[" + b" " * 70_000 + b"]",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == "The request body is 70002 bytes; the limit is 65536."


def test_streamed_body_over_the_byte_limit_is_413(client: TestClient) -> None:
    def chunks() -> Any:
        for _ in range(10):
            yield b" " * 10_000

    response = client.post(
        "/activities", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413, "no Content-Length: counted while reading"
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (42, "a number is not an activity"),
        ("login", "a string is not an activity"),
        (None, "null is not an activity"),
        ([1, 2], "a batch holds objects"),
        ([], "an empty batch"),
        ({"action": "login"}, "user_id is required"),
        ({"user_id": "u1"}, "action is required"),
        ({"user_id": 7, "action": "login"}, "user_id must be a string"),
        ({"user_id": "u1", "action": ["x"]}, "action must be a string"),
        ({"user_id": '{"$gt": ""}', "action": "login"}, "ids are identifiers"),
        ({"user_id": "u1", "action": "a", "timestamp": "yesterday"}, "not a date"),
        ({"user_id": "u1", "action": "a", "timestamp": "2026-01-01T00:00:00"}, "no offset"),
        ({"user_id": "u1", "action": "a", "timestamp": 1767225600}, "unix seconds"),
        ({"user_id": "u1", "action": "a", "timestamp": "0001-01-01T00:00:00+01:00"}, "year 0"),
    ],
    ids=[
        "number",
        "string",
        "null",
        "batch-of-numbers",
        "empty-batch",
        "no-user-id",
        "no-action",
        "numeric-user-id",
        "list-action",
        "operator-as-user-id",
        "timestamp-words",
        "timestamp-without-offset",
        "timestamp-unix-seconds",
        "year-zero-in-utc",
    ],
)
def test_invalid_activity_is_422_problem_and_nothing_is_stored(
    client: TestClient, body: Any, why: str
) -> None:
    response = client.post("/activities", json=body)
    assert response.status_code == 422, f"{why}: expected 422, got {response.status_code}"
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"], "422 lists what is wrong"
    assert stored_count(client) == 0


@pytest.mark.parametrize(
    "extra",
    [
        {"$where": "sleep(1000)"},
        {"filter": {"$gt": ""}},
        {"a.b": 1},
        {"deep": {"er": [{"x": {"$ne": 1}}]}},
        {"deep": {"er": [{"x.y": 1}]}},
        {"nul\u0000key": 1},
        {"": 1},
    ],
    ids=["top-dollar", "nested-dollar", "dotted", "dollar-in-list", "dot-in-list", "nul", "empty"],
)
def test_operator_or_dotted_keys_anywhere_are_422_and_not_stored(
    client: TestClient, extra: dict[str, Any]
) -> None:
    response = client.post("/activities", json={"user_id": "u1", "action": "a", **extra})
    assert response.status_code == 422, "keys starting with $ or holding . are operator injection"
    assert "not allowed" in response.json()["errors"][0]["message"]
    assert stored_count(client) == 0


def test_operator_key_in_one_batch_item_rejects_the_whole_batch(client: TestClient) -> None:
    batch = [{"user_id": "u1", "action": "a"}, {"user_id": "u1", "action": "a", "$set": {}}]
    response = client.post("/activities", json=batch)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.1.$set", "points at item 1's key"
    assert stored_count(client) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user_id": "u1", "action": "a", "$where": "sleep(1000)"}, "body.$where"),
        ({"user_id": "u1", "action": "a", "f": {"x": [{"$ne": 1}]}}, "body.f.x.0.$ne"),
        ({"user_id": 7, "action": "a"}, "body.user_id"),
        ([{"user_id": "u1", "action": "a"}, {"action": "a"}], "body.1.user_id"),
    ],
    ids=["operator-key", "nested-operator-key", "wrong-type", "missing-in-batch-item"],
)
def test_422_names_the_field_as_the_client_sent_it(
    client: TestClient, body: Any, field: str
) -> None:
    """The error path is the client's own (`body.$where`), never an internal name."""
    problem = client.post("/activities", json=body).json()
    assert [error["field"] for error in problem["errors"]] == [field], problem
    assert field in problem["detail"], "the detail names the field too"
    assert "activity" not in problem["detail"], "no internal name leaks into the answer"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b'{"user_id": "u1", "action": "a", "n": 99999999999999999999}', "over 64 bits"),
        (b'{"user_id": "u1", "action": "a", "n": NaN}', "NaN is not JSON"),
        (b'{"user_id": "u1", "action": "a", "n": Infinity}', "Infinity is not JSON"),
        (b'{"user_id": "u1", "action": "a", "s": "\\ud800"}', "a lone surrogate"),
        (b'{"user_id": "u1", "action": "a", "\\ud800": 1}', "a lone surrogate key"),
        (b'{"user_id": "u1", "action": "a", "d": ' + b'{"a": ' * 25 + b"1" + b"}" * 26, "deep"),
        (b'{"user_id": "u1", "action": ', "truncated JSON"),
    ],
    ids=[
        "int-over-64-bits",
        "nan",
        "infinity",
        "lone-surrogate",
        "lone-surrogate-key",
        "nested-too-deep",
        "truncated-json",
    ],
)
def test_values_mongodb_cannot_store_are_422_not_500(
    client: TestClient, raw: bytes, why: str
) -> None:
    response = client.post("/activities", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, f"{why}: expected 422, got {response.status_code}"
    assert response.headers["content-type"] == PROBLEM
    assert stored_count(client) == 0


def test_iso_helper_matches_the_api_format(client: TestClient) -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    created = client.post(
        "/activities", json={"user_id": "u1", "action": "a", "timestamp": iso(moment)}
    ).json()
    assert created["timestamp"] == iso(moment) == "2026-01-02T03:04:05.678Z"


def test_json_nested_too_deep_to_parse_is_400_problem(client: TestClient) -> None:
    response = client.post(
        "/activities",
        content=b"[" * 30_000 + b"]" * 30_000,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400, "the parser gives up before validation can run"
    assert response.headers["content-type"] == PROBLEM
    assert stored_count(client) == 0
