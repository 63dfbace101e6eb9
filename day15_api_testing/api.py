"""The task API as a check sees it: one small client over any transport, and clear failures.

A check never knows whether it talks to an app in this process (FastAPI's TestClient) or to a
live server (httpx): both are `HttpClient`s, and every answer comes back as a `Reply` that
remembers its request, so a failure can say exactly what was sent and what came back. That
is what lets the same checks run in process and black-box over HTTP.

Checks fail by raising `CheckFailure` (an AssertionError) through `Reply.expect` or `ensure`,
never with a bare `assert`: asserts vanish under `python -O` and say nothing by themselves.
"""

from __future__ import annotations

import json as jsonlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from day15_api_testing.factories import ProjectFactory, TaskFactory

PROBLEM_JSON = "application/problem+json"
BODY_EXCERPT = 300  # characters of a body a failure message quotes


class CheckFailure(AssertionError):
    """The API answered differently from what the criterion requires; the message says how."""


class Response(Protocol):
    """What a check reads from an answer (httpx and TestClient responses both have it)."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def text(self) -> str: ...


class HttpClient(Protocol):
    """What a check needs from a client: `httpx.Client(base_url=...)` or a `TestClient`."""

    def request(self, method: str, url: str, *, json: Any = None, params: Any = None) -> Any: ...


def ensure(condition: object, message: str) -> None:
    """Fail the check with `message` (say what was expected, and why) unless `condition`."""
    if not condition:
        raise CheckFailure(message)


def names_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` as a word of its own, in any case ("A project named...")."""
    return re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Reply:
    """One answer, with the request that got it: what failure messages quote."""

    method: str
    path: str
    status: int
    headers: Mapping[str, str]
    text: str

    @property
    def request_line(self) -> str:
        """`POST /tasks`, for messages."""
        return f"{self.method} {self.path}"

    def json(self) -> Any:
        """The body as JSON; a body that is not JSON fails the check (it is a bug)."""
        try:
            return jsonlib.loads(self.text)
        except ValueError:
            raise CheckFailure(
                f"{self.request_line} answered a body that is not JSON: "
                f"{self.text[:BODY_EXCERPT]!r}"
            ) from None

    def expect(self, status: int, why: str) -> Reply:
        """Fail unless the status is `status`; `why` is the rule, for the message. Returns self."""
        if self.status != status:
            raise CheckFailure(
                f"{self.request_line} answered {self.status}, expected {status}: {why}. "
                f"Body: {self.text[:BODY_EXCERPT]!r}"
            )
        return self

    def expect_problem(self, status: int, why: str) -> dict[str, Any]:
        """Fail unless this is a problem+json answer (RFC 9457) with `status`; its body."""
        self.expect(status, why)
        media_type = self.headers.get("content-type", "").split(";")[0].strip()
        ensure(
            media_type == PROBLEM_JSON,
            f"{self.request_line} answered {status} as {media_type or 'no content type'}; "
            f"errors are {PROBLEM_JSON} bodies, one shape for every error",
        )
        body = self.json()
        ensure(
            isinstance(body, dict) and body.get("status") == status,
            f"{self.request_line}: a problem body carries its status ({status}), got {body!r}",
        )
        return dict(body)


@dataclass
class Api:
    """The task API behind `client`; remembers what the checks created, to clean it up after.

    On a live server that is how a black-box run leaves no rows behind; in process the test's
    rollback would undo them anyway.
    """

    client: HttpClient
    created_tasks: list[int] = field(default_factory=list)
    created_projects: list[int] = field(default_factory=list)

    def call(
        self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None
    ) -> Reply:
        """Send one request; the answer as a Reply."""
        response = self.client.request(method, path, json=json, params=params)
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Reply(method, path, response.status_code, headers, response.text)

    def get(self, path: str, **params: Any) -> Reply:
        """GET `path` with query `params`."""
        return self.call("GET", path, params=params or None)

    def post(self, path: str, json: Any) -> Reply:
        """POST a JSON body."""
        return self.call("POST", path, json=json)

    def patch(self, path: str, json: Any) -> Reply:
        """PATCH with a JSON body."""
        return self.call("PATCH", path, json=json)

    def put(self, path: str) -> Reply:
        """PUT with no body (the API's PUTs link two resources named in the path)."""
        return self.call("PUT", path)

    def delete(self, path: str) -> Reply:
        """DELETE `path`."""
        return self.call("DELETE", path)

    def create_task(self, **fields: Any) -> dict[str, Any]:
        """POST a task (random valid fields from the factory, overridden by `fields`); its body."""
        body = TaskFactory.payload(**fields)
        task: dict[str, Any] = (
            self.post("/tasks", body).expect(201, "a valid task is created").json()
        )
        self.created_tasks.append(task["id"])
        return task

    def create_project(self, **fields: Any) -> dict[str, Any]:
        """POST a project with a unique name (unless `fields` names it); its body."""
        body = ProjectFactory.payload(**fields)
        reply = self.post("/projects", body).expect(201, "a new project is created")
        project: dict[str, Any] = reply.json()
        self.created_projects.append(project["id"])
        return project

    def cleanup(self) -> None:
        """Delete what this Api created (tasks first: a project with tasks cannot go)."""
        for task_id in reversed(self.created_tasks):
            self.delete(f"/tasks/{task_id}")
        for project_id in reversed(self.created_projects):
            self.delete(f"/projects/{project_id}")
        self.created_tasks.clear()
        self.created_projects.clear()
