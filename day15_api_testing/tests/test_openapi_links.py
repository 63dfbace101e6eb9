"""Schemathesis along OpenAPI links: sequences that create, then use what they created.

`with_links` adds links to day 7's schema (FastAPI writes none); schemathesis's state
machine then follows them (create a task, tag it, move it, delete it) with generated data,
and every answer must be documented, match its schema, and never be a 5xx.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import Base
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


def test_linked_sequences_never_answer_5xx(
    task_app: Any, task_session_factory: sessionmaker[Session]
) -> None:
    """Schemathesis, following the links with generated data, finds no 5xx and no undocumented
    answer on day 7's API."""
    schema = schemathesis.openapi.from_dict(with_links(task_app.openapi()))
    schema.app = task_app
    start_afresh = _fresh_start(task_session_factory)

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            start_afresh()

    Machine.run(
        settings=settings(
            max_examples=12,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )


def _fresh_start(session_factory: sessionmaker[Session]) -> Callable[[], None]:
    """A reset that gives every scenario the same empty tables and the same next ids.

    Hypothesis replays a scenario's first steps to find new ones and to shrink a failure; if
    the rows or ids a scenario meets depend on the scenarios before it (or on the tests before
    it on the same database: a PostgreSQL sequence is never rolled back), the same steps get
    other answers and Hypothesis stops with FlakyStrategyDefinition.
    """
    with session_factory() as session:
        sequences = _id_sequences(session)
        # One value of each sequence is taken now: above every id any other test committed.
        start = {
            name: session.execute(text(f"SELECT nextval('{name}')")).scalar_one()
            for name in sequences
        }

    def start_afresh() -> None:
        with session_factory.begin() as session:
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(table.delete())
            for name, value in start.items():
                session.execute(text(f"SELECT setval('{name}', {value}, false)"))

    return start_afresh


def _id_sequences(session: Session) -> list[str]:
    """PostgreSQL's sequences behind the tables' id columns (SQLite reuses max(id) + 1)."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    names = (
        session.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one_or_none()
        for table in Base.metadata.sorted_tables
        if "id" in table.columns
    )
    return [name for name in names if name]
