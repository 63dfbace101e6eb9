"""OpenAPI links for the task API, so schemathesis can fuzz sequences, not just single calls.

A link (OpenAPI 3 `responses.<status>.links`) says "the `id` in this answer is the
`task_id` of that operation". With them, schemathesis's state machine creates a task and
then reads, changes, tags and deletes *that* task, instead of guessing ids that are almost
always 404s. Day 7's schema has no links (FastAPI does not write them), so the suite adds
them to a copy of whatever schema the server publishes: `with_links(schema)`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

BODY_ID, BODY_NAME = "$response.body#/id", "$response.body#/name"


@dataclass(frozen=True)
class Link:
    """From the `status` answer of `source`, one operation its body's fields can drive."""

    source: tuple[str, str]  # (method, path)
    status: str
    name: str
    target: tuple[str, str]
    parameters: dict[str, str]


def _from(
    source: tuple[str, str], status: str, *links: tuple[str, str, str, dict[str, str]]
) -> list[Link]:
    return [Link(source, status, name, (m, p), params) for name, m, p, params in links]


TASK, PROJECT = {"task_id": BODY_ID}, {"project_id": BODY_ID}
LINKS = [
    *_from(
        ("post", "/tasks"),
        "201",
        ("ReadTask", "get", "/tasks/{task_id}", TASK),
        ("ChangeTask", "patch", "/tasks/{task_id}", TASK),
        ("DeleteTask", "delete", "/tasks/{task_id}", TASK),
        ("ListTaskTags", "get", "/tasks/{task_id}/tags", TASK),
        ("TagTask", "put", "/tasks/{task_id}/tags/{name}", TASK),
        ("PutTaskInProject", "put", "/projects/{project_id}/tasks/{task_id}", TASK),
    ),
    *_from(
        ("post", "/projects"),
        "201",
        ("ReadProject", "get", "/projects/{project_id}", PROJECT),
        ("DeleteProject", "delete", "/projects/{project_id}", PROJECT),
        ("ListProjectTasks", "get", "/projects/{project_id}/tasks", PROJECT),
        ("FillProject", "put", "/projects/{project_id}/tasks/{task_id}", PROJECT),
    ),
    *_from(
        ("post", "/tags"),
        "201",
        ("ListTaggedTasks", "get", "/tags/{name}/tasks", {"name": BODY_NAME}),
        ("TagWithIt", "put", "/tasks/{task_id}/tags/{name}", {"name": BODY_NAME}),
    ),
    *_from(
        ("put", "/projects/{project_id}/tasks/{task_id}"),
        "200",
        ("ReadMovedTask", "get", "/tasks/{task_id}", TASK),
        (
            "TakeTaskOut",
            "delete",
            "/projects/{project_id}/tasks/{task_id}",
            {"project_id": "$response.body#/project_id", "task_id": BODY_ID},
        ),
    ),
]


def with_links(schema: dict[str, Any], links: list[Link] = LINKS) -> dict[str, Any]:
    """A copy of `schema` with `links` added; a link whose operations are missing is skipped."""
    # solution: copy the schema; for each link whose source and target exist, add it to the
    # source's response by the target's operationId, with the link's parameters
    linked = copy.deepcopy(schema)
    paths = linked.get("paths", {})
    for link in links:
        source = paths.get(link.source[1], {}).get(link.source[0])
        target = paths.get(link.target[1], {}).get(link.target[0])
        if source is None or target is None or "operationId" not in target:
            continue
        response = source.setdefault("responses", {}).setdefault(link.status, {"description": ""})
        response.setdefault("links", {})[link.name] = {
            "operationId": target["operationId"],
            "parameters": dict(link.parameters),
        }
    return linked
    # end solution
