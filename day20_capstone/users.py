"""Accounts: register, authenticate, update, change password, delete, list, deactivate.

The email is normalised by day 14's `validate_email` (lower-case domain, checked syntax) and
is the login. Authentication answers the same 401 for an unknown email, a wrong password and
a deactivated account, after the same argon2 work, so it tells an attacker nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from day14_packaging import EmailError, validate_email
from day20_capstone.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from day20_capstone.models import User
from day20_capstone.passwords import Hasher, check_policy
from day20_capstone.schemas import UserCreate, UserUpdate
from day20_capstone.tokens import revoke_user


def normal_email(email: str) -> str:
    """The email as stored (day 14's normal form, lower case); InvalidInput (422) if invalid."""
    try:
        return validate_email(email.strip()).normalized.lower()
    except EmailError as exc:
        raise InvalidInput(f"The email {email[:80]!r} is not valid: {exc}") from exc


def _email_free(session: Session, email: str) -> None:
    if session.scalars(select(User.id).where(User.email == email)).first() is not None:
        raise Conflict(f"An account with the email {email!r} exists already.")


def register(
    session: Session, *, hasher: Hasher, data: UserCreate, min_length: int, admin: bool = False
) -> User:
    """A new account; the password must pass the policy."""
    email = normal_email(data.email)
    check_policy(data.password, email=email, min_length=min_length)
    _email_free(session, email)
    user = User(
        email=email,
        full_name=data.full_name,
        password_hash=hasher.hash(data.password),
        is_admin=admin,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, hasher: Hasher, email: str, password: str) -> User:
    """The active user with this email and password; NotAuthenticated (the same one) otherwise."""
    # solution: look up by normalised email; verify (dummy hash if none); refuse inactive users
    try:
        login = normal_email(email)
    except InvalidInput:
        login = ""
    user = session.scalars(select(User).where(User.email == login)).first() if login else None
    valid = hasher.verify(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        raise NotAuthenticated("Wrong email or password.")
    return user
    # end solution


def update_user(session: Session, *, user: User, data: UserUpdate) -> User:
    """Change the name or email (a new email must be free)."""
    if data.full_name is not None:
        user.full_name = data.full_name
    if data.email is not None:
        email = normal_email(data.email)
        if email != user.email:
            _email_free(session, email)
            user.email = email
    session.flush()
    return user


def change_password(
    session: Session, *, hasher: Hasher, user: User, current: str, new: str, min_length: int
) -> None:
    """Set a new password after checking the current one; every session is revoked."""
    if not hasher.verify(current, user.password_hash):
        raise NotAuthenticated("The current password is wrong.")
    check_policy(new, email=user.email, min_length=min_length)
    user.password_hash = hasher.hash(new)
    revoke_user(session, user.id)


def delete_user(session: Session, *, user: User) -> None:
    """Delete the account and everything it owns (the foreign keys cascade)."""
    session.delete(user)
    session.flush()


def list_users(session: Session, *, after: int, limit: int) -> list[User]:
    """Users by id after `after` (limit + 1 rows, for the next cursor)."""
    query = select(User).where(User.id > after).order_by(User.id).limit(limit + 1)
    return list(session.scalars(query))


def set_active(session: Session, *, user_id: int, active: bool) -> User:
    """Activate or deactivate an account; deactivating also revokes its sessions."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    user.is_active = active
    if not active:
        revoke_user(session, user.id)
    session.flush()
    return user
