"""Access tokens (JWT, PyJWT) and refresh tokens (random, stored hashed, rotated on use).

Access token: HS256, signed with the settings' key; `exp`, `iat`, `iss`, `aud`, `sub` (the
user id) and `fam` (the refresh family it was issued with) are all required on decode, and
only HS256 is accepted, so `alg: none` and algorithm swaps fail. A revoked family (logout,
reuse, password change) makes its access tokens fail too, before they expire.

Refresh token: 32 random bytes; the database keeps only its SHA-256. Using one marks it used
and issues the next in the same family; using a used one again means it was stolen (one of
the two users is an attacker), so the whole family is revoked (OAuth 2.0 Security BCP 4.14).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import utcnow
from day20_capstone.config import Settings
from day20_capstone.errors import NotAuthenticated
from day20_capstone.models import RefreshToken, User

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "fam")


@dataclass(frozen=True)
class Claims:
    """What a valid access token says."""

    user_id: int
    family: str


@dataclass(frozen=True)
class TokenPair:
    """What a login or a refresh hands out."""

    access_token: str
    refresh_token: str
    expires_in: int


def encode_access(settings: Settings, *, user_id: int, family: str) -> str:
    """A signed access token for `user_id`, valid for the configured minutes."""
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "fam": family,
        "iat": now,
        "exp": now + dt.timedelta(minutes=settings.day20_access_minutes),
        "iss": settings.day20_issuer,
        "aud": settings.day20_audience,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def decode_access(settings: Settings, token: str) -> Claims:
    """The claims of a valid token; NotAuthenticated for anything else, saying what failed."""
    claims, expires = _verify(
        token,
        key=settings.secret_key,
        audience=settings.day20_audience,
        issuer=settings.day20_issuer,
    )
    if expires <= time.time():  # checked on every call: a remembered token still expires
        raise NotAuthenticated("The access token has expired; refresh it.")
    return claims


# A client sends the same access token on every request until it expires: checking its
# signature and claims once per token string, not once per request, is exact (the answer
# for those bytes, that key, issuer and audience cannot change; expiry is checked above on
# every call). Only valid tokens are remembered, so forged ones cannot fill the cache.
# Revocation is not decided here but in the database, on every request (token_user).
@functools.lru_cache(maxsize=4096)
def _verify(token: str, *, key: str, audience: str, issuer: str) -> tuple[Claims, float]:
    """Verify a token's signature and claims: its Claims and its `exp` (Unix seconds)."""
    # solution: decode with the pinned algorithm, key, issuer and audience; every claim required
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=issuer,
            options={"require": list(REQUIRED_CLAIMS)},
        )
        found = Claims(user_id=int(claims["sub"]), family=str(claims["fam"]))
        return found, float(claims["exp"])
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("The access token has expired; refresh it.") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise NotAuthenticated(f"The access token is not valid ({type(exc).__name__}).") from exc
    # end solution


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    session: Session, settings: Settings, *, user_id: int, family: str | None = None
) -> TokenPair:
    """A new access token and refresh token (a new family unless `family` continues one)."""
    family = family or uuid.uuid4().hex
    refresh = secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(days=settings.day20_refresh_days)
    session.add(
        RefreshToken(
            owner_id=user_id, family=family, token_hash=_digest(refresh), expires_at=expires
        )
    )
    access = encode_access(settings, user_id=user_id, family=family)
    return TokenPair(access, refresh, int(settings.day20_access_minutes * 60))


def rotate(session: Session, settings: Settings, refresh: str) -> TokenPair:
    """Spend a refresh token for a new pair; a reused one revokes its family (401 either way)."""
    # solution: find the token; reuse revokes the family; else mark it used and issue the next
    row = session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == _digest(refresh))
    ).first()
    now = utcnow()
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= now:
        raise NotAuthenticated("The refresh token is not valid; log in again.")
    if row.used_at is not None:
        revoke_family(session, row.family)
        raise NotAuthenticated(
            "The refresh token was already used; every session of it is revoked."
        )
    row.used_at = now
    return issue(session, settings, user_id=row.owner_id, family=row.family)
    # end solution


def revoke_family(session: Session, family: str) -> None:
    """Revoke every refresh token of the family (its access tokens stop working too)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_user(session: Session, user_id: int) -> None:
    """Revoke every family of the user (password change, deactivation)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.owner_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def family_revoked(session: Session, family: str) -> bool:
    """True once the family has been revoked (or never existed)."""
    rows = session.execute(
        select(RefreshToken.revoked_at).where(RefreshToken.family == family).limit(1)
    ).first()
    return rows is None or rows[0] is not None


def token_user(session: Session, claims: Claims) -> tuple[User | None, bool]:
    """The token's user (None if deleted) and whether its family is live, in one SELECT.

    Live: the family has a refresh token of that user that is not revoked. Revoking marks
    every token of a family (revoke_family, revoke_user), so one unrevoked row means live.
    """
    live = (
        select(RefreshToken.id)
        .where(
            RefreshToken.family == claims.family,
            RefreshToken.owner_id == claims.user_id,
            RefreshToken.revoked_at.is_(None),
        )
        .exists()
    )
    row = session.execute(select(User, live).where(User.id == claims.user_id)).first()
    return (None, False) if row is None else (row[0], bool(row[1]))


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back naive: they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
