"""GET /activities/stats: the aggregation pipeline agrees with counts computed in Python."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from day09_mongo_activity.tests.helpers import iso, parse

ACTIONS = ["login", "view", "click", "logout"]


@pytest.fixture
def activities(client: TestClient, base_time: datetime) -> list[dict[str, Any]]:
    """120 activities of 7 users over 4 days, at seeded random minutes."""
    rng = random.Random(9)
    batch = [
        {
            "user_id": f"user-{rng.randint(1, 7)}",
            "action": rng.choice(ACTIONS),
            "timestamp": iso(base_time + timedelta(minutes=rng.randint(0, 4 * 24 * 60 - 1))),
        }
        for _ in range(120)
    ]
    stored: list[dict[str, Any]] = []
    for start in range(0, len(batch), 50):
        response = client.post("/activities", json=batch[start : start + 50])
        assert response.status_code == 201, response.text
        stored += response.json()["items"]
    return stored


def expected_stats(items: list[dict[str, Any]], top: int) -> dict[str, Any]:
    """What the stats must say, computed the slow way."""
    per_day = Counter((parse(i["timestamp"]).date().isoformat(), i["action"]) for i in items)
    users = Counter(i["user_id"] for i in items)
    ranked = sorted(users.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
    return {
        "total": len(items),
        "per_action_per_day": [
            {"day": day, "action": action, "count": count}
            for (day, action), count in sorted(per_day.items())
        ],
        "top_users": [{"user_id": user, "count": count} for user, count in ranked],
    }


def test_stats_over_all_time_match_python_counts(
    client: TestClient, activities: list[dict[str, Any]]
) -> None:
    response = client.get("/activities/stats", params={"top": 3})
    assert response.status_code == 200, response.text
    assert response.json() == {"since": None, "until": None, **expected_stats(activities, 3)}


def test_stats_over_a_time_range_count_only_that_range(
    client: TestClient, activities: list[dict[str, Any]], base_time: datetime
) -> None:
    since, until = base_time + timedelta(days=1, hours=6), base_time + timedelta(days=3)
    inside = [i for i in activities if since <= parse(i["timestamp"]) < until]
    response = client.get("/activities/stats", params={"since": iso(since), "until": iso(until)})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "since": iso(since),
        "until": iso(until),
        **expected_stats(inside, 10),
    }
    assert 0 < len(inside) < len(activities), "the range must cut the sample for this to teach"


def test_stats_of_an_empty_range_are_zero(client: TestClient) -> None:
    response = client.get("/activities/stats")
    assert response.json() == {
        "since": None,
        "until": None,
        "total": 0,
        "per_action_per_day": [],
        "top_users": [],
    }


@pytest.mark.parametrize(
    "query",
    [
        "top=0",
        "top=101",
        "since=nope",
        "user_id=u1",
        "meta.x=1",
        "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
    ],
    ids=[
        "top-zero",
        "top-over-100",
        "since-words",
        "user-id-not-a-stats-filter",
        "meta-not-a-stats-filter",
        "since-after-until",
    ],
)
def test_bad_stats_parameters_are_422(client: TestClient, query: str) -> None:
    response = client.get(f"/activities/stats?{query}")
    assert response.status_code == 422, f"?{query} must be refused"
    assert response.headers["content-type"] == "application/problem+json"
