"""Data access on one Session: tasks (day 4's TaskRepository protocol), projects and tags.

Each repository is handed the request's session and never commits: the session dependency
commits once when the request succeeds and rolls back when it fails (STYLE.md 22). Methods
flush, so a constraint violation surfaces inside the route, where it becomes a problem+json
answer instead of a failed commit after the response.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from day04_fastapi_tasks import (
    TaskCreate,
    TaskNotFoundError,
    TaskPage,
    TaskPublic,
    TaskUpdate,
    completion_changes,
)
from day07_sqlalchemy_orm.errors import (
    NameTakenError,
    ProjectNotEmptyError,
    ProjectNotFoundError,
    TagNotFoundError,
    TaskNotInProjectError,
)
from day07_sqlalchemy_orm.models import Project, Tag, Task, utcnow
from day07_sqlalchemy_orm.schemas import (
    ProjectCreate,
    ProjectPublic,
    TagCreate,
    TagPublic,
    TaskDetail,
)


def task_detail(task: Task) -> TaskDetail:
    """A task row as TaskDetail: its public fields, project id and tag names."""
    public = TaskPublic.model_validate(task)
    return TaskDetail(
        **public.model_dump(), project_id=task.project_id, tags=[t.name for t in task.tags]
    )


class SqlTaskRepository:
    """Day 4's TaskRepository on SQLAlchemy, plus filters by project and tag."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, task: TaskCreate) -> TaskPublic:
        """Insert a task and return it with its id and timestamps."""
        # solution: insert a Task (timestamps now, completed_at if done), flush, return it
        now = utcnow()
        row = Task(
            **task.model_dump(),
            created_at=now,
            updated_at=now,
            completed_at=now if task.done else None,
        )
        self.session.add(row)
        self.session.flush()
        return TaskPublic.model_validate(row)
        # end solution

    def get(self, task_id: int) -> TaskDetail:
        """Return one task with its project and tags (a TaskDetail is a TaskPublic too)."""
        return task_detail(self.load(task_id))

    def find(
        self,
        *,
        done: bool | None = None,
        offset: int = 0,
        limit: int = 50,
        project_id: int | None = None,
        tag: str | None = None,
    ) -> TaskPage:
        """One page of tasks in id order; `total` counts every match, not just this page."""
        # solution: select the matching tasks, count them all, return one page in id order
        query = select(Task)
        if done is not None:
            query = query.where(Task.done == done)
        if project_id is not None:
            query = query.where(Task.project_id == project_id)
        if tag is not None:
            query = query.where(Task.tags.any(Tag.name == tag))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(query.order_by(Task.id).offset(offset).limit(limit))
        items = [TaskPublic.model_validate(row) for row in rows]
        return TaskPage(items=items, total=total, offset=offset, limit=limit)
        # end solution

    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        """Apply the fields set in `changes`; done toggles completed_at like day 4."""
        # solution: apply the fields sent (completion_changes for done), touch updated_at
        row = self.load(task_id)
        fields: dict[str, Any] = changes.model_dump(exclude_unset=True)
        now = utcnow()
        fields |= completion_changes(was_done=row.done, changes=fields, now=now)
        for name, value in fields.items():
            setattr(row, name, value)
        row.updated_at = now
        self.session.flush()
        return TaskPublic.model_validate(row)
        # end solution

    def delete(self, task_id: int) -> None:
        """Delete a task; its tag links go with it (ON DELETE CASCADE)."""
        self.session.delete(self.load(task_id))
        self.session.flush()

    def load(self, task_id: int) -> Task:
        """The ORM row of a task, or TaskNotFoundError."""
        row = self.session.get(Task, task_id)
        if row is None:
            raise TaskNotFoundError(task_id)
        return row


class SqlProjectRepository:
    """Projects: create, read, list, delete, and (un)assign tasks."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, project: ProjectCreate) -> ProjectPublic:
        """Insert a project; a taken name is NameTakenError."""
        row = Project(name=project.name)
        _insert_unique(self.session, row, NameTakenError("project", project.name))
        return ProjectPublic.model_validate(row)

    def get(self, project_id: int) -> ProjectPublic:
        """Return one project."""
        return ProjectPublic.model_validate(self.load(project_id))

    def find(self) -> list[ProjectPublic]:
        """Every project, by name."""
        # solution: select every project ordered by name, as ProjectPublic
        rows = self.session.scalars(select(Project).order_by(Project.name))
        return [ProjectPublic.model_validate(row) for row in rows]
        # end solution

    def delete(self, project_id: int) -> None:
        """Delete a project; while it has tasks its foreign key refuses: ProjectNotEmptyError."""
        row = self.load(project_id)
        # solution: delete in a savepoint; the foreign key's refusal becomes ProjectNotEmptyError
        try:
            with self.session.begin_nested():
                self.session.delete(row)
        except IntegrityError as exc:
            raise ProjectNotEmptyError(project_id) from exc
        # end solution

    def assign(self, project_id: int, task_id: int) -> TaskDetail:
        """Move a task into the project (from whichever it was in)."""
        # solution: load the project and the task, set the task's project, touch updated_at
        project = self.load(project_id)
        task = SqlTaskRepository(self.session).load(task_id)
        task.project = project
        task.updated_at = utcnow()
        self.session.flush()
        return task_detail(task)
        # end solution

    def unassign(self, project_id: int, task_id: int) -> None:
        """Take a task out of the project; TaskNotInProjectError if it is not in it."""
        # solution: check the task is in the project (else TaskNotInProjectError), clear its project
        self.load(project_id)
        task = SqlTaskRepository(self.session).load(task_id)
        if task.project_id != project_id:
            raise TaskNotInProjectError(task_id=task_id, project_id=project_id)
        task.project = None
        task.updated_at = utcnow()
        self.session.flush()
        # end solution

    def load(self, project_id: int) -> Project:
        """The ORM row of a project, or ProjectNotFoundError."""
        row = self.session.get(Project, project_id)
        if row is None:
            raise ProjectNotFoundError(project_id)
        return row


class SqlTagRepository:
    """Tags: create, list, and attach to or detach from tasks."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, tag: TagCreate) -> TagPublic:
        """Insert a tag; a taken name is NameTakenError."""
        row = Tag(name=tag.name)
        _insert_unique(self.session, row, NameTakenError("tag", tag.name))
        return TagPublic.model_validate(row)

    def find(self) -> list[TagPublic]:
        """Every tag, by name."""
        rows = self.session.scalars(select(Tag).order_by(Tag.name))
        return [TagPublic.model_validate(row) for row in rows]

    def of_task(self, task_id: int) -> list[TagPublic]:
        """The tags of one task, by name."""
        task = SqlTaskRepository(self.session).load(task_id)
        return [TagPublic.model_validate(tag) for tag in task.tags]

    def attach(self, task_id: int, name: str) -> TaskDetail:
        """Tag a task, creating the tag on first use; tagging twice changes nothing."""
        # solution: find the tag (or make it), add it to the task's tags unless it is there
        task = SqlTaskRepository(self.session).load(task_id)
        tag = self.session.scalar(_tag_named(name)) or Tag(name=name)
        if tag not in task.tags:
            task.tags.append(tag)
            task.updated_at = utcnow()
            self.session.flush()
        return task_detail(task)
        # end solution

    def detach(self, task_id: int, name: str) -> TaskDetail:
        """Remove a tag from a task; removing a tag it does not carry changes nothing."""
        # solution: keep every tag of the task but `name`; touch updated_at if one went
        task = SqlTaskRepository(self.session).load(task_id)
        kept = [tag for tag in task.tags if tag.name != name]
        if len(kept) != len(task.tags):
            task.tags = kept
            task.updated_at = utcnow()
            self.session.flush()
        return task_detail(task)
        # end solution

    def load(self, name: str) -> Tag:
        """The ORM row of a tag, or TagNotFoundError."""
        row = self.session.scalar(_tag_named(name))
        if row is None:
            raise TagNotFoundError(name)
        return row


def _tag_named(name: str) -> Select[Tag]:
    return select(Tag).where(Tag.name == name)


def _insert_unique(session: Session, row: Project | Tag, taken: NameTakenError) -> None:
    # A savepoint, so a duplicate only undoes this insert; the database (not a SELECT first)
    # decides, which stays correct when two requests race for the same name.
    # solution: insert the row in a savepoint; turn its IntegrityError into `taken`
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:
        raise taken from exc
    # end solution
