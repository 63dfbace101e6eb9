"""Deliberately broken variants of day 7's API: the bugs a good suite must catch.

Each variant takes the reference app and breaks one rule, the way real bugs do: a repository
method that forgets a filter, a route that forgets a header, a cache nobody invalidates.
They are built with FastAPI's `dependency_overrides` (a repository subclass with the bug),
an exception handler or a small middleware: day 7's code is never edited.
`caught_by` names the checks written to catch it; the rubric requires one of them to fail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from day04_fastapi_tasks import TaskPage, TaskPublic, TaskUpdate, get_repository
from day07_sqlalchemy_orm import (
    NameTakenError,
    ProjectCreate,
    ProjectPublic,
    SessionDep,
    SqlProjectRepository,
    SqlTagRepository,
    SqlTaskRepository,
    TaskDetail,
    get_project_repository,
    get_tag_repository,
    get_task_repository,
)

MACHINE = "random_sequences_agree_with_a_model"


@dataclass(frozen=True)
class Variant:
    """One bug: its id, what it breaks (in words), how to build it, the checks that catch it."""

    id: str
    bug: str
    apply: Callable[[FastAPI], None]
    caught_by: tuple[str, ...]


def _tasks(repository: type[SqlTaskRepository]) -> Callable[[FastAPI], None]:
    def apply(app: FastAPI) -> None:
        def broken(session: SessionDep) -> SqlTaskRepository:
            return repository(session)

        app.dependency_overrides[get_repository] = broken
        app.dependency_overrides[get_task_repository] = broken

    return apply


def _projects(repository: type[SqlProjectRepository]) -> Callable[[FastAPI], None]:
    def apply(app: FastAPI) -> None:
        def broken(session: SessionDep) -> SqlProjectRepository:
            return repository(session)

        app.dependency_overrides[get_project_repository] = broken

    return apply


def _tags(repository: type[SqlTagRepository]) -> Callable[[FastAPI], None]:
    def apply(app: FastAPI) -> None:
        def broken(session: SessionDep) -> SqlTagRepository:
            return repository(session)

        app.dependency_overrides[get_tag_repository] = broken

    return apply


class DeleteKeepsTheTask(SqlTaskRepository):
    def delete(self, task_id: int) -> None:
        self.load(task_id)  # 404 for a missing task, but nothing is ever deleted


class TotalCountsThePage(SqlTaskRepository):
    def find(self, **filters: Any) -> TaskPage:
        page = super().find(**filters)
        return page.model_copy(update={"total": len(page.items)})


class OffsetIgnored(SqlTaskRepository):
    def find(self, **filters: Any) -> TaskPage:
        page = super().find(**{**filters, "offset": 0})
        return page.model_copy(update={"offset": filters.get("offset", 0)})


class DoneFilterIgnored(SqlTaskRepository):
    def find(self, **filters: Any) -> TaskPage:
        return super().find(**{**filters, "done": None})


class PatchResetsUnsentFields(SqlTaskRepository):
    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        sent = changes.model_dump(exclude_unset=True)
        return super().update(task_id, TaskUpdate(**{"description": None, **sent}))


class ReopenKeepsCompletedAt(SqlTaskRepository):
    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        before = self.load(task_id).completed_at
        super().update(task_id, changes)
        row = self.load(task_id)
        if row.completed_at is None and before is not None:
            row.completed_at = before
            self.session.flush()
        return TaskPublic.model_validate(row)


class TagsUnsorted(SqlTaskRepository):
    def get(self, task_id: int) -> TaskDetail:
        task = super().get(task_id)
        return task.model_copy(update={"tags": task.tags[::-1]})


class StaleTaskReads(SqlTaskRepository):
    """Day 10's first cache: task reads cached, dropped only by the task routes' own writes."""

    cache: dict[int, TaskDetail]

    def get(self, task_id: int) -> TaskDetail:
        if task_id not in self.cache:
            self.cache[task_id] = super().get(task_id)
        return self.cache[task_id]

    def update(self, task_id: int, changes: TaskUpdate) -> TaskPublic:
        self.cache.pop(task_id, None)
        return super().update(task_id, changes)

    def delete(self, task_id: int) -> None:
        self.cache.pop(task_id, None)
        super().delete(task_id)


def _stale_reads(app: FastAPI) -> None:
    class Cached(StaleTaskReads):
        cache: dict[int, TaskDetail] = {}  # shared by every request: a cache

    _tasks(Cached)(app)


class DuplicateNamesAllowed(SqlProjectRepository):
    def add(self, project: ProjectCreate) -> ProjectPublic:
        try:
            return super().add(project)
        except NameTakenError:
            return super().add(ProjectCreate(name=f"{project.name} (2)"))


class NonEmptyProjectDeleted(SqlProjectRepository):
    def delete(self, project_id: int) -> None:
        for task in list(self.load(project_id).tasks):
            task.project = None
        self.session.flush()
        super().delete(project_id)


class UnassignFromAnyProject(SqlProjectRepository):
    def unassign(self, project_id: int, task_id: int) -> None:
        self.load(project_id)
        SqlTaskRepository(self.session).load(task_id).project = None
        self.session.flush()


class ProjectsInIdOrder(SqlProjectRepository):
    def find(self) -> list[ProjectPublic]:
        return sorted(super().find(), key=lambda project: project.id)


class UntagRemovesEveryTag(SqlTagRepository):
    def detach(self, task_id: int, name: str) -> TaskDetail:
        for tag in list(SqlTaskRepository(self.session).load(task_id).tags):
            super().detach(task_id, tag.name)
        return SqlTaskRepository(self.session).get(task_id)


def _validation_as_400(app: FastAPI) -> None:
    async def as_400(request: Request, exc: Exception) -> JSONResponse:
        body = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "bad"}
        return JSONResponse(body, status_code=400, media_type="application/problem+json")

    app.add_exception_handler(RequestValidationError, as_400)


class _DropLocation:
    """ASGI middleware: every answer loses its Location header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def without_location(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message["headers"] if k.lower() != b"location"]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, without_location)


def _no_location(app: FastAPI) -> None:
    app.add_middleware(_DropLocation)


def _missing_is_500(app: FastAPI) -> None:
    class Broken(SqlTaskRepository):
        def get(self, task_id: int) -> TaskDetail:
            if self.session.get(_task_model(), task_id) is None:
                raise RuntimeError(f"no row {task_id}")
            return super().get(task_id)

    _tasks(Broken)(app)


def _task_model() -> Any:
    from day07_sqlalchemy_orm import Task

    return Task


VARIANTS = (
    Variant(
        "delete-keeps-the-task",
        "DELETE answers 204 but the task stays",
        _tasks(DeleteKeepsTheTask),
        ("delete_task_is_204_then_404", MACHINE),
    ),
    Variant(
        "total-counts-only-the-page",
        "a list's total counts the page, not every match",
        _tasks(TotalCountsThePage),
        ("list_pages_in_id_order_with_total", MACHINE),
    ),
    Variant(
        "offset-ignored",
        "every page is the first page",
        _tasks(OffsetIgnored),
        ("list_pages_in_id_order_with_total", MACHINE),
    ),
    Variant(
        "done-filter-ignored",
        "done=true lists every task",
        _tasks(DoneFilterIgnored),
        ("list_filters_by_done",),
    ),
    Variant(
        "patch-clears-unsent-description",
        "PATCH without a description erases it",
        _tasks(PatchResetsUnsentFields),
        ("patch_changes_only_the_fields_sent",),
    ),
    Variant(
        "reopen-keeps-completed-at",
        "done=false leaves completed_at set",
        _tasks(ReopenKeepsCompletedAt),
        ("patch_done_sets_and_clears_completed_at",),
    ),
    Variant(
        "missing-task-is-500",
        "reading an unknown task is a server error, not a 404",
        _missing_is_500,
        ("unknown_ids_are_404",),
    ),
    Variant(
        "validation-errors-are-400",
        "invalid bodies answer 400 instead of 422",
        _validation_as_400,
        ("invalid_task_body_is_422", "invalid_patch_is_422_and_changes_nothing"),
    ),
    Variant(
        "no-location-header",
        "201 answers carry no Location",
        _no_location,
        ("create_task_answers_201_with_location", "project_location_header_names_it"),
    ),
    Variant(
        "stale-task-reads",
        "a cached task read misses tag and project changes (day 10's stale-cache bug)",
        _stale_reads,
        ("reads_show_every_earlier_write",),
    ),
    Variant(
        "task-tags-unsorted",
        "a task's tags come newest first",
        _tasks(TagsUnsorted),
        ("task_tags_come_sorted_by_name",),
    ),
    Variant(
        "duplicate-project-names-allowed",
        "a taken project name is stored again under another name, 201",
        _projects(DuplicateNamesAllowed),
        ("duplicate_project_name_is_409",),
    ),
    Variant(
        "non-empty-project-deleted",
        "deleting a project with tasks empties it and deletes it",
        _projects(NonEmptyProjectDeleted),
        ("project_with_tasks_cannot_be_deleted",),
    ),
    Variant(
        "unassign-from-any-project",
        "a task leaves a project it is not in",
        _projects(UnassignFromAnyProject),
        ("unassign_task_leaves_it_in_no_project",),
    ),
    Variant(
        "projects-in-id-order",
        "projects are listed in the order they were made, not by name",
        _projects(ProjectsInIdOrder),
        ("create_project_answers_201_and_lists_it",),
    ),
    Variant(
        "untag-removes-every-tag",
        "untagging one tag removes them all",
        _tags(UntagRemovesEveryTag),
        ("untag_removes_only_that_tag",),
    ),
)
