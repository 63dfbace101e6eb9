"""Registration, login, tokens and their attacks (OWASP API2: broken authentication)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from day20_capstone import Settings
from day20_capstone.tests.helpers import PASSWORD, Account, email, login, sign_up


def test_register_answers_the_user_without_any_password_or_hash(client: TestClient) -> None:
    address = email("new")
    reply = client.post("/auth/register", json={"email": address, "password": PASSWORD})
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert body["email"] == address and body["is_admin"] is False, body
    assert "password" not in reply.text and "argon2" not in reply.text, (
        "no password or hash may leave"
    )


@pytest.mark.parametrize(
    ("password", "why"),
    [
        pytest.param("short-pw", "at least", id="too-short"),
        pytest.param("password123", "breached", id="common-password"),
        pytest.param("QWERTYUIOP", "breached", id="common-any-case"),
    ],
)
def test_weak_passwords_are_refused_with_422(client: TestClient, password: str, why: str) -> None:
    reply = client.post("/auth/register", json={"email": email(), "password": password})
    assert reply.status_code == 422, f"{password!r} must be refused: {reply.text}"
    assert why in reply.json()["detail"], "the answer says which rule the password breaks"


def test_a_password_equal_to_the_email_is_refused(client: TestClient) -> None:
    address = email("samename")
    reply = client.post("/auth/register", json={"email": address, "password": address})
    assert reply.status_code == 422, reply.text


@pytest.mark.parametrize("address", ["not-an-email", "a@b", "two@@example.com"], ids=str)
def test_invalid_emails_are_refused_with_422(client: TestClient, address: str) -> None:
    reply = client.post("/auth/register", json={"email": address, "password": PASSWORD})
    assert reply.status_code == 422, f"day 14's validate_email refuses {address!r}: {reply.text}"


def test_an_email_can_register_once_in_any_case(client: TestClient, alice: Account) -> None:
    reply = client.post("/auth/register", json={"email": alice.email.upper(), "password": PASSWORD})
    assert reply.status_code == 409, f"emails are compared normalised: {reply.text}"


@pytest.mark.parametrize("field", ["is_admin", "id", "is_active"])
def test_register_refuses_fields_a_client_may_not_set(client: TestClient, field: str) -> None:
    body = {"email": email(), "password": PASSWORD, field: True if field != "id" else 1}
    reply = client.post("/auth/register", json=body)
    assert reply.status_code == 422, f"mass assignment of {field} must be refused: {reply.text}"


def test_login_answers_a_bearer_token_and_a_refresh_token(
    client: TestClient, alice: Account
) -> None:
    reply = login(client, alice.email)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 15 * 60, body
    assert (
        client.get(
            "/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        ).status_code
        == 200
    )


@pytest.mark.parametrize("who", ["wrong-password", "unknown-email"])
def test_failed_logins_answer_the_same_401(client: TestClient, alice: Account, who: str) -> None:
    address = alice.email if who == "wrong-password" else email("nobody")
    reply = login(client, address, "not-the-password")
    assert reply.status_code == 401, reply.text
    assert reply.json()["detail"] == "Wrong email or password.", "never say which part was wrong"
    assert reply.headers["WWW-Authenticate"] == "Bearer"


def _forge(settings: Settings, account: Account, **changes: Any) -> str:
    claims = jwt.decode(account.access, options={"verify_signature": False})
    claims.update(changes)
    return jwt.encode(claims, settings.secret_key, algorithm="HS256")


def _alg_none(account: Account) -> str:
    claims = jwt.decode(account.access, options={"verify_signature": False})
    return jwt.encode(claims, key=None, algorithm="none")  # type: ignore[arg-type]


def _tampered(account: Account) -> str:
    header, payload, signature = account.access.split(".")
    claims = jwt.decode(account.access, options={"verify_signature": False})
    claims["sub"] = str(int(claims["sub"]) + 1)
    other = jwt.encode(claims, "some-other-key-entirely-0123456789", algorithm="HS256").split(".")[
        1
    ]
    return f"{header}.{other}.{signature}"


ATTACKS = {
    "alg-none": lambda s, a: _alg_none(a),
    "expired": lambda s, a: _forge(s, a, exp=int(time.time()) - 5),
    "tampered-subject": lambda s, a: _tampered(a),
    "wrong-audience": lambda s, a: _forge(s, a, aud="another-api"),
    "wrong-issuer": lambda s, a: _forge(s, a, iss="someone-else"),
    "no-expiry": lambda s, a: jwt.encode(
        {
            k: v
            for k, v in jwt.decode(a.access, options={"verify_signature": False}).items()
            if k != "exp"
        },
        s.secret_key,
        algorithm="HS256",
    ),
    "other-key": lambda s, a: jwt.encode(
        jwt.decode(a.access, options={"verify_signature": False}), "x" * 40, algorithm="HS256"
    ),
    "garbage": lambda s, a: "not.a.jwt",
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_forged_or_stale_access_tokens_get_401(
    client: TestClient, settings: Settings, alice: Account, attack: str
) -> None:
    token = ATTACKS[attack](settings, alice)
    reply = client.get("/tasks", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 401, f"a token that is {attack} must be refused: {reply.text}"


def test_no_token_gets_401_with_www_authenticate(client: TestClient) -> None:
    reply = client.get("/tasks")
    assert reply.status_code == 401 and reply.headers["WWW-Authenticate"] == "Bearer", reply.text


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_family(
    client: TestClient, alice: Account
) -> None:
    first = client.post("/auth/refresh", json={"refresh_token": alice.refresh})
    assert first.status_code == 200, first.text
    new = first.json()
    assert new["refresh_token"] != alice.refresh, "each refresh hands out a new refresh token"
    reuse = client.post("/auth/refresh", json={"refresh_token": alice.refresh})
    assert reuse.status_code == 401, "a refresh token works once"
    after = client.post("/auth/refresh", json={"refresh_token": new["refresh_token"]})
    assert after.status_code == 401, "a reuse revokes the whole family, the thief's token too"
    me = client.get("/users/me", headers={"Authorization": f"Bearer {new['access_token']}"})
    assert me.status_code == 401, "the family's access tokens stop working at once"


def test_an_unknown_refresh_token_gets_401(client: TestClient) -> None:
    assert client.post("/auth/refresh", json={"refresh_token": "made-up"}).status_code == 401


def test_logout_revokes_the_access_and_refresh_tokens(client: TestClient, alice: Account) -> None:
    assert client.post("/auth/logout", headers=alice.headers).status_code == 204
    assert client.get("/users/me", headers=alice.headers).status_code == 401, "revoked access token"
    assert client.post("/auth/refresh", json={"refresh_token": alice.refresh}).status_code == 401


def test_other_sessions_survive_a_logout(client: TestClient, alice: Account) -> None:
    second = login(client, alice.email).json()
    client.post("/auth/logout", headers=alice.headers)
    me = client.get("/users/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert me.status_code == 200, "logging out one device leaves the others logged in"


def test_login_is_throttled_per_account_with_retry_after(
    client: TestClient, alice: Account
) -> None:
    replies = [login(client, alice.email, "wrong-password-0").status_code for _ in range(4)]
    assert replies == [401] * 4, replies  # alice's own sign-up login was attempt 1 of 5
    blocked = login(client, alice.email)
    assert blocked.status_code == 429, (
        f"the 6th attempt in a minute must be throttled: {blocked.text}"
    )
    assert int(blocked.headers["Retry-After"]) >= 1, "429 says when to come back"


def test_login_is_throttled_per_client(client: TestClient, settings: Settings) -> None:
    limit = settings.day20_login_per_client
    codes = [
        login(client, email(f"spray{n}"), "whatever-password").status_code for n in range(limit + 1)
    ]
    assert codes[:limit] == [401] * limit and codes[-1] == 429, (
        f"password spraying is stopped: {codes}"
    )


def test_changing_the_password_logs_every_session_out(client: TestClient, alice: Account) -> None:
    body = {"current_password": PASSWORD, "new_password": "a-brand-new-passphrase"}
    assert client.post("/users/me/password", json=body, headers=alice.headers).status_code == 204
    assert client.get("/users/me", headers=alice.headers).status_code == 401
    assert login(client, alice.email, "a-brand-new-passphrase").status_code == 200


def test_changing_the_password_needs_the_current_one(client: TestClient, alice: Account) -> None:
    body = {"current_password": "not-my-password", "new_password": "a-brand-new-passphrase"}
    assert client.post("/users/me/password", json=body, headers=alice.headers).status_code == 401


def test_expired_refresh_tokens_are_refused(client: TestClient, sessions: Any) -> None:
    from day20_capstone import RefreshToken

    account = sign_up(client, "old")
    with sessions.begin() as session:
        for row in session.scalars(select(RefreshToken).where(RefreshToken.owner_id == account.id)):
            row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    assert client.post("/auth/refresh", json={"refresh_token": account.refresh}).status_code == 401
