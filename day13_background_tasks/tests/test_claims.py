"""The claim protocol on the `uploads` table (`store`), the heart of idempotent processing.

Internal: it calls the reference's private data functions; a learner's design may differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day13_background_tasks import State, Upload, create_tables
from shared.types import utc_now

pytestmark = pytest.mark.internal


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'claims.db'}")
    create_tables(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        session.add(
            Upload(
                id="u1",
                filename="a.csv",
                content_type="text/csv",
                size=10,
                state=State.QUEUED,
                attempts=0,
                bytes_read=0,
                created_at=utc_now(),
            )
        )
    yield factory
    engine.dispose()


def claim(sessions: sessionmaker[Session], token: str, **kwargs: Any) -> Any:
    from day13_background_tasks import store

    with sessions.begin() as session:
        return store.claim(session, "u1", token=token, worker=token, lease=10.0, **kwargs)


def test_second_claim_is_busy_until_the_first_lapses(sessions: sessionmaker[Session]) -> None:
    from day13_background_tasks import store

    now = utc_now()
    first = claim(sessions, "a", now=now)
    assert first.upload is not None and first.upload.attempts == 1
    busy = claim(sessions, "b", now=now + timedelta(seconds=1))
    assert busy.upload is None and busy.busy_until == now + timedelta(seconds=10)
    taken = claim(sessions, "b", now=now + timedelta(seconds=11))
    assert taken.upload is not None and taken.upload.attempts == 2, "a lapsed claim is taken"
    with sessions.begin() as session:
        assert not store.finish(session, "u1", token="a", now=now, report={}), "a lost its claim"
        assert store.finish(session, "u1", token="b", now=now, report={"rows": 1})


def test_finished_or_deleted_uploads_are_skipped(sessions: sessionmaker[Session]) -> None:
    from day13_background_tasks import store

    now = utc_now()
    claim(sessions, "a", now=now)
    with sessions.begin() as session:
        store.finish(session, "u1", token="a", now=now, error="bad")
    assert claim(sessions, "b", now=now).skip == "it is already failed"
    with sessions.begin() as session:
        store.delete_upload(session, "u1")
    assert claim(sessions, "c", now=now).skip == "it was deleted"


def test_release_puts_the_upload_back_for_any_worker(sessions: sessionmaker[Session]) -> None:
    from day13_background_tasks import store

    now = utc_now()
    claim(sessions, "a", now=now)
    with sessions.begin() as session:
        assert store.release(session, "u1", token="a", error="IOError", retry_at=None)
        assert not store.renew(session, "u1", token="a", bytes_read=5, until=now)
    again = claim(sessions, "b", now=now)
    assert again.upload is not None and again.upload.attempts == 2
