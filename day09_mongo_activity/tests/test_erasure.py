"""DELETE /users/{user_id}/activities: the right to erasure."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_erasure_deletes_only_that_users_activities_and_counts_them(client: TestClient) -> None:
    batch = [{"user_id": user, "action": "a"} for user in ("alice", "alice", "bob", "alice")]
    assert client.post("/activities", json=batch).status_code == 201
    response = client.delete("/users/alice/activities")
    assert response.status_code == 200
    assert response.json() == {"user_id": "alice", "deleted": 3}
    left = client.get("/activities").json()["items"]
    assert [item["user_id"] for item in left] == ["bob"], "other users keep their activities"


def test_erasing_a_user_twice_deletes_zero_the_second_time(client: TestClient) -> None:
    client.post("/activities", json={"user_id": "alice", "action": "a"})
    assert client.delete("/users/alice/activities").json()["deleted"] == 1
    assert client.delete("/users/alice/activities").json() == {"user_id": "alice", "deleted": 0}


def test_erased_user_is_gone_from_stats(client: TestClient) -> None:
    client.post(
        "/activities", json=[{"user_id": "alice", "action": "a"}, {"user_id": "bob", "action": "a"}]
    )
    client.delete("/users/alice/activities")
    stats = client.get("/activities/stats").json()
    assert stats["top_users"] == [{"user_id": "bob", "count": 1}]


@pytest.mark.parametrize("user_id", ["$ne", "%7B%22%24gt%22%3A%22%22%7D", "-x"])
def test_erasing_an_operator_looking_user_id_is_422_and_deletes_nothing(
    client: TestClient, user_id: str
) -> None:
    client.post("/activities", json={"user_id": "alice", "action": "a"})
    response = client.delete(f"/users/{user_id}/activities")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert len(client.get("/activities").json()["items"]) == 1
