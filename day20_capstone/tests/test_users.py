"""/users/me and the admin routes (OWASP API3 and API5)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from day20_capstone.tests.helpers import PASSWORD, Account, email, login, sign_up


def test_me_shows_the_account_without_its_hash(client: TestClient, alice: Account) -> None:
    reply = client.get("/users/me", headers=alice.headers)
    assert reply.status_code == 200 and reply.json()["email"] == alice.email
    assert set(reply.json()) == {"id", "email", "full_name", "is_admin", "is_active", "created_at"}


def test_me_can_change_name_and_email(client: TestClient, alice: Account) -> None:
    new = email("renamed")
    reply = client.patch(
        "/users/me", json={"full_name": "Alice A.", "email": new}, headers=alice.headers
    )
    assert reply.status_code == 200 and reply.json()["email"] == new, reply.text
    assert login(client, new).status_code == 200, "the new email is the login"


def test_me_cannot_take_an_email_in_use(client: TestClient, alice: Account, bob: Account) -> None:
    reply = client.patch("/users/me", json={"email": bob.email}, headers=alice.headers)
    assert reply.status_code == 409, reply.text


@pytest.mark.parametrize("field", ["is_admin", "is_active", "id", "password_hash"])
def test_me_cannot_promote_itself(client: TestClient, alice: Account, field: str) -> None:
    reply = client.patch("/users/me", json={field: True}, headers=alice.headers)
    assert reply.status_code == 422, f"{field} is not the user's to set: {reply.text}"
    assert client.get("/users/me", headers=alice.headers).json()["is_admin"] is False


def test_deleting_the_account_deletes_its_tasks(client: TestClient) -> None:
    carol = sign_up(client, "carol")
    client.post("/tasks", json={"title": "mine"}, headers=carol.headers)
    assert client.delete("/users/me", headers=carol.headers).status_code == 204
    assert login(client, carol.email).status_code == 401, "the account is gone"
    again = client.post("/auth/register", json={"email": carol.email, "password": PASSWORD})
    assert again.status_code == 201
    fresh = login(client, carol.email).json()["access_token"]
    tasks = client.get("/tasks", headers={"Authorization": f"Bearer {fresh}"}).json()
    assert tasks["items"] == [], "a new account with the same email inherits nothing"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/users"),
        ("POST", "/admin/users/1/deactivate"),
        ("POST", "/admin/users/1/activate"),
        ("POST", "/admin/sweeps"),
    ],
    ids=["list", "deactivate", "activate", "sweep"],
)
def test_admin_routes_are_403_for_other_users(
    client: TestClient, alice: Account, method: str, path: str
) -> None:
    reply = client.request(method, path, headers=alice.headers)
    assert reply.status_code == 403, f"{method} {path} is for admins: {reply.text}"


def test_admins_list_users_in_pages(
    client: TestClient, admin: Account, alice: Account, bob: Account
) -> None:
    first = client.get("/admin/users", params={"limit": 2}, headers=admin.headers).json()
    assert len(first["items"]) == 2 and first["next_cursor"] is not None, first
    rest = client.get(
        "/admin/users", params={"after": first["next_cursor"]}, headers=admin.headers
    ).json()
    emails = [user["email"] for user in first["items"] + rest["items"]]
    assert {admin.email, alice.email, bob.email} <= set(emails)
    assert "hash" not in str(first) + str(rest)


def test_a_deactivated_user_is_logged_out_and_cannot_log_in(
    client: TestClient, admin: Account, alice: Account
) -> None:
    reply = client.post(f"/admin/users/{alice.id}/deactivate", headers=admin.headers)
    assert reply.status_code == 200 and reply.json()["is_active"] is False
    assert client.get("/users/me", headers=alice.headers).status_code == 401, (
        "its tokens stop working"
    )
    assert login(client, alice.email).status_code == 401
    client.post(f"/admin/users/{alice.id}/activate", headers=admin.headers)
    assert login(client, alice.email).status_code == 200


def test_deactivating_an_unknown_user_is_404(client: TestClient, admin: Account) -> None:
    assert client.post("/admin/users/999999/deactivate", headers=admin.headers).status_code == 404
