"""Schemathesis along OpenAPI links: sequences that create, then use what they created.

`with_links` adds links to day 7's schema (FastAPI writes none); schemathesis's state
machine then follows them (create a task, tag it, move it, delete it) with generated data,
and every answer must be documented, match its schema, and never be a 5xx.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from day15_api_testing import LINKS, with_links


def test_links_lead_from_each_create_to_the_operations_on_its_id(task_app: Any) -> None:
    schema = with_links(task_app.openapi())
    task_links = schema["paths"]["/tasks"]["post"]["responses"]["201"]["links"]
    read = schema["paths"]["/tasks/{task_id}"]["get"]["operationId"]
    assert task_links["ReadTask"] == {
        "operationId": read,
        "parameters": {"task_id": "$response.body#/id"},
    }, "POST /tasks's 201 links its body's id to GET /tasks/{task_id}"
    linked = sum(
        len(response.get("links", {}))
        for item in schema["paths"].values()
        for operation in item.values()
        for response in operation["responses"].values()
    )
    assert linked == len(LINKS), "every link of LINKS is added to day 7's schema"


def test_links_to_missing_operations_are_left_out() -> None:
    schema = {"paths": {"/tasks": {"post": {"responses": {}}}}}
    assert with_links(schema) == schema, "a server without those routes gets no dangling links"
    assert schema == {"paths": {"/tasks": {"post": {"responses": {}}}}}, "the input is not changed"


def test_linked_sequences_never_answer_5xx(task_app: Any) -> None:
    """Schemathesis, following the links with generated data, finds no 5xx and no undocumented
    answer on day 7's API."""
    schema = schemathesis.openapi.from_dict(with_links(task_app.openapi()))
    schema.app = task_app
    machine = schema.as_state_machine()
    machine.run(
        settings=settings(
            max_examples=12,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
