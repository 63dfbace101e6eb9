"""The suite's tables: the rows that table-driven checks run once each.

Data, not code: a new rule of the API is a new row. Ids are what the checklist (and pytest,
through `ids=`) shows, so each names the rule the row breaks.
"""

from __future__ import annotations

from day15_api_testing.registry import Case

# Far above any id a test creates, and still a valid id (a 32-bit SQL integer): a 404, not a 422.
MISSING_ID = 2**31 - 1

INVALID_TASKS = (
    Case("missing-title", {"description": "no title"}),
    Case("blank-title", {"title": "   "}),
    Case("empty-title", {"title": ""}),
    Case("title-over-200-characters", {"title": "x" * 201}),
    Case("title-not-text", {"title": 42}),
    Case("done-not-boolean", {"title": "Water the plants", "done": "yes"}),
    Case("due-date-not-a-date", {"title": "Water the plants", "due_date": "next week"}),
    Case("unknown-field", {"title": "Water the plants", "colour": "red"}),
    Case("body-not-an-object", ["Water the plants"]),
)

INVALID_PATCHES = (
    Case("title-null", {"title": None}),
    Case("done-null", {"done": None}),
    Case("blank-title", {"title": " "}),
    Case("unknown-field", {"priority": 1}),
)

# (method, path): `{missing}` is an id no row has, `{task}` a task the check created.
MISSING = (
    Case("read-task", ("GET", "/tasks/{missing}")),
    Case("change-task", ("PATCH", "/tasks/{missing}")),
    Case("delete-task", ("DELETE", "/tasks/{missing}")),
    Case("read-project", ("GET", "/projects/{missing}")),
    Case("delete-project", ("DELETE", "/projects/{missing}")),
    Case("list-project-tasks", ("GET", "/projects/{missing}/tasks")),
    Case("task-into-missing-project", ("PUT", "/projects/{missing}/tasks/{task}")),
    Case("list-task-tags", ("GET", "/tasks/{missing}/tags")),
    Case("tag-missing-task", ("PUT", "/tasks/{missing}/tags/urgent")),
    Case("list-missing-tag", ("GET", "/tags/t-never-made-{missing}/tasks")),
)

INVALID_TAGS = (
    Case("uppercase", "Urgent"),
    Case("space", "two words"),
    Case("leading-dash", "-urgent"),
    Case("over-32-characters", "t" * 33),
    Case("empty", ""),
)
