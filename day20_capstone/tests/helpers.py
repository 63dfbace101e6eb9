"""What the tests do over and over: settings for a test, accounts, logging in, polling jobs."""

from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from day20_capstone import Settings

PASSWORD = "correct-horse-battery"
# Cheap argon2id for tests (production: t=3, 64 MiB, p=4; see config.py and the README).
CHEAP_ARGON2: dict[str, Any] = {
    "day20_argon2_time_cost": 1,
    "day20_argon2_memory_kib": 8,
    "day20_argon2_parallelism": 1,
}


@functools.cache
def _base_settings() -> Settings:
    """Validated once: reading the environment costs pydantic-settings ~10 ms per Settings."""
    return Settings(
        day20_seed_demo=False,
        day20_secret_key="a-test-signing-key-of-32-chars!!",
        redis_url=None,
        day20_migrate_on_start=False,  # the fixtures copy a migrated database file
        day20_sweep_seconds=0,  # no timer: the sweep tests trigger it, or turn it on
        **CHEAP_ARGON2,
    )


def test_settings(folder: Path, **values: Any) -> Settings:
    """Settings for one test: its own files, cheap hashing, no demo account, no Redis.

    A copy of one validated base (`values` must be of the fields' types: no validation).
    """
    return _base_settings().model_copy(
        update={
            "database_url": f"sqlite:///{folder / 'day20.db'}",
            "day20_files": folder / "files",
            **values,
        }
    )


test_settings.__test__ = False  # type: ignore[attr-defined]  # not a test, despite its name


def email(name: str = "user") -> str:
    """A fresh email address."""
    return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


@dataclass
class Account:
    """A registered user, logged in: their email, tokens and auth header."""

    email: str
    id: int
    access: str
    refresh: str

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header."""
        return {"Authorization": f"Bearer {self.access}"}


def login(client: Any, address: str, password: str = PASSWORD) -> Any:
    """POST /auth/token with the OAuth2 form."""
    return client.post("/auth/token", data={"username": address, "password": password})


def sign_up(client: Any, name: str = "user", password: str = PASSWORD) -> Account:
    """Register a new account and log it in."""
    address = email(name)
    created = client.post("/auth/register", json={"email": address, "password": password})
    assert created.status_code == 201, f"registering {address} should work: {created.text}"
    tokens = login(client, address, password)
    assert tokens.status_code == 200, f"logging in {address} should work: {tokens.text}"
    body = tokens.json()
    return Account(address, created.json()["id"], body["access_token"], body["refresh_token"])


def wait_for_job(
    client: Any, account: Account, job_id: str, timeout: float = 20.0
) -> dict[str, Any]:
    """Poll /jobs/{id} until the job is done or failed."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(f"/jobs/{job_id}", headers=account.headers).json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)
