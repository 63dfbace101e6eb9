"""Passwords: the policy a new one must meet, and argon2id hashes of them (pwdlib).

The policy (NIST SP 800-63B): a length floor, no upper limit below 128, no composition
rules, and a refusal of passwords known from breaches (`common_passwords.txt`, shipped) or
equal to the account's email. Hashes are argon2id with the parameters from settings.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from day20_capstone.config import Settings
from day20_capstone.errors import WeakPassword

PASSWORD_MAX = 128
COMMON = Path(__file__).resolve().parent / "common_passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of breached passwords, lower case."""
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def check_policy(password: str, *, email: str, min_length: int) -> None:
    """Raise WeakPassword (422) naming the rule the password breaks."""
    # solution: a length floor, a breached-password list, not the email itself
    if len(password) < min_length:
        raise WeakPassword(f"The password must have at least {min_length} characters.")
    lowered = password.lower()
    if lowered in common_passwords():
        raise WeakPassword("This password is on a list of breached passwords; choose another.")
    if lowered == email.lower() or lowered == email.split("@")[0].lower():
        raise WeakPassword("The password must not be the email address.")
    # end solution


class Hasher:
    """argon2id hashing with the settings' parameters; `verify` also says when to rehash."""

    def __init__(self, settings: Settings) -> None:
        hasher = Argon2Hasher(
            time_cost=settings.day20_argon2_time_cost,
            memory_cost=settings.day20_argon2_memory_kib,
            parallelism=settings.day20_argon2_parallelism,
        )
        self._hash = PasswordHash((hasher,))
        # A login for an unknown email still verifies against this, so both take as long.
        self._dummy = self._hash.hash("not a password of anyone")

    def hash(self, password: str) -> str:
        """A new argon2id hash (a fresh salt each time)."""
        return self._hash.hash(password)

    def verify(self, password: str, password_hash: str | None) -> bool:
        """True if `password` matches; a missing hash costs the same time and is False."""
        # solution: verify against the hash, or against a dummy hash when there is none
        if password_hash is None:
            self._hash.verify(password, self._dummy)
            return False
        return self._hash.verify(password, password_hash)
        # end solution
