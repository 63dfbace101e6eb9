"""The demo account a fresh start creates (development only), and `create-admin`'s work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from day20_capstone.models import User
from day20_capstone.passwords import Hasher
from day20_capstone.schemas import TaskCreate, UserCreate
from day20_capstone.seed_account import DEMO_EMAIL, DEMO_PASSWORD
from day20_capstone.tasks import create_task
from day20_capstone.users import register

DEMO_TASKS = (
    TaskCreate(title="Read the capstone's README", priority=1, tags=["course"]),
    TaskCreate(
        title="Log in through /docs", notes="Authorize with the demo account", tags=["course"]
    ),
    TaskCreate(title="Import a CSV of tasks", priority=3, tags=["jobs"]),
)


def seed_demo(sessions: sessionmaker[Session], hasher: Hasher, *, min_length: int) -> bool:
    """Create the demo user and three tasks unless the user exists; True if created now."""
    with sessions.begin() as session:
        if session.scalars(select(User.id).where(User.email == DEMO_EMAIL)).first() is not None:
            return False
        data = UserCreate(email=DEMO_EMAIL, password=DEMO_PASSWORD, full_name="Demo User")
        user = register(session, hasher=hasher, data=data, min_length=min_length)
        for task in DEMO_TASKS:
            create_task(session, owner_id=user.id, data=task)
    return True


def create_admin(
    sessions: sessionmaker[Session], hasher: Hasher, *, email: str, password: str, min_length: int
) -> User:
    """A new admin account (the password policy applies to admins too)."""
    with sessions.begin() as session:
        data = UserCreate(email=email, password=password, full_name="Administrator")
        return register(session, hasher=hasher, data=data, min_length=min_length, admin=True)
