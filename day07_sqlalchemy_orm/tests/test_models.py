"""The models on both backends: foreign keys enforced, UTC timestamps, cascades, reprs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import Project, Tag, Task, task_tags


def test_foreign_keys_are_enforced(database_session: Session) -> None:
    """SQLite ignores REFERENCES unless `PRAGMA foreign_keys = ON`; the engine hook sets it."""
    database_session.add(Task(title="orphan", project_id=987654))
    with pytest.raises(IntegrityError):
        database_session.flush()


def test_timestamps_are_read_back_aware_in_utc(database_session: Session) -> None:
    noon_in_paris = dt.datetime(2030, 1, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    task = Task(title="t", completed_at=noon_in_paris)
    database_session.add(task)
    database_session.flush()
    database_session.expire_all()
    stored = database_session.scalars(select(Task).where(Task.id == task.id)).one()
    assert stored.completed_at == dt.datetime(2030, 1, 2, 11, 0, tzinfo=dt.UTC)
    assert stored.completed_at.tzinfo == dt.UTC, "both backends hand back UTC, not naive"
    assert stored.created_at.tzinfo == dt.UTC


def test_deleting_a_task_deletes_its_tag_links(database_session: Session) -> None:
    task = Task(title="t", tags=[Tag(name="a"), Tag(name="b")])
    database_session.add(task)
    database_session.flush()
    database_session.delete(task)
    database_session.flush()
    assert database_session.scalar(select(func.count()).select_from(task_tags)) == 0
    assert database_session.scalar(select(func.count()).select_from(Tag)) == 2


def test_project_relationship_lists_its_tasks(database_session: Session) -> None:
    project = Project(name="Garden", tasks=[Task(title="dig"), Task(title="sow")])
    database_session.add(project)
    database_session.flush()
    database_session.expire_all()
    loaded = database_session.get(Project, project.id)
    assert loaded is not None
    assert sorted(t.title for t in loaded.tasks) == ["dig", "sow"]
    assert all(t.project is loaded for t in loaded.tasks)


def test_reprs_name_the_row() -> None:
    assert repr(Task(id=1, title="dig", done=False)) == "Task(id=1, title='dig', done=False)"
    assert repr(Project(id=2, name="Garden")) == "Project(id=2, name='Garden')"
    assert repr(Tag(id=3, name="urgent")) == "Tag(id=3, name='urgent')"
