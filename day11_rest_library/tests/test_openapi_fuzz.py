"""Schemathesis over /openapi.json: documented answers only, never a 5xx, also across links.

Per operation, generated valid and invalid requests are mixed; the checks include "no 5xx",
"status code documented", "response matches its schema" and "valid data accepted". The
stateful test follows the contract's links (create a book, then read, change, lend, delete
it) the way a client would. The app runs on a SQLite file of the module's own, with real
commits. ISBNs are generated with correct check digits (the contract's `isbn` format).

Three values the contract describes in words, as JSON Schema cannot: a year is at most next
year (the bound moves with the calendar), a cursor is valid only when copied from a link, and
If-Match must name the resource's current ETag (a random one is a 412 by design). The hooks
below keep generated requests within them (years capped, no cursor, no If-Match); the day's
own tests check those 422s and 412s.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from werkzeug.http import http_date

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day11_rest_library import Base, Settings, create_app, load_contract, upgrade
from day11_rest_library.tests.helpers import Exchange, isbn13, lint
from shared.openapi_fuzz import fuzz_operation

schemathesis.openapi.format("isbn", st.integers(0, 999_999_999).map(isbn13))

NEXT_YEAR = datetime.date.today().year + 1
OPERATIONS = [
    (method.upper(), path)
    for path, item in load_contract()["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated SQLite file of the module's own (real commits), and an engine on it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'day11.db'}"
    upgrade(url)
    engine = create_engine_from_url(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def api_schema(database: Engine) -> Any:
    """The contract of the real app on that database, loaded over WSGI."""
    app = create_app(
        Settings(database_url=str(database.url)), session_factory=make_session_factory(database)
    )
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    schema.hook("map_body")(_cap_year)
    schema.hook("map_query")(_without_cursor)
    schema.hook("map_headers")(_without_if_match)
    return schema


def empty_library(engine: Engine) -> None:
    """Delete every row, so each generated scenario starts from the same (empty) library."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


def checked_and_linted(case: Any) -> None:
    """Send the case, run schemathesis' checks, and lint the response with httplint."""
    response = case.call_and_validate()
    assert_lint_clean(response)


def assert_lint_clean(response: Any) -> None:
    """httplint finds no BAD or WARN note in a schemathesis response."""
    sent = response.request
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    if not any(name.lower() == "date" for name, _ in headers):
        headers.append(("Date", http_date()))  # a real server adds it
    reason = response.message or HTTPStatus(response.status_code).phrase
    exchange = Exchange(
        sent.method,
        sent.path_url,
        list(sent.headers.items()),
        response.status_code,
        reason,
        headers,
        response.content,
    )
    notes = lint(exchange)
    assert not notes, (
        f"{sent.method} {sent.path_url} -> {response.status_code}: httplint found {notes}"
    )


def _cap_year(context: Any, body: Any) -> Any:
    """A generated year after next year (1965 or 1965.0) becomes next year."""
    year = body.get("year") if isinstance(body, dict) else None
    if isinstance(year, int | float) and not isinstance(year, bool) and year > NEXT_YEAR:
        return body | {"year": NEXT_YEAR}
    return body


def _without_cursor(context: Any, query: Any) -> Any:
    """Generated queries carry no cursor (a random string is never one)."""
    if isinstance(query, dict):
        return {name: value for name, value in query.items() if name != "cursor"}
    return query


def _without_if_match(context: Any, headers: Any) -> Any:
    """Generated requests carry no If-Match (a random ETag never matches)."""
    if isinstance(headers, dict):
        return {name: value for name, value in headers.items() if name.lower() != "if-match"}
    return headers


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_contract(api_schema: Any, method: str, path: str) -> None:
    """Generated valid and invalid requests get documented answers, never a server error."""
    fuzz_operation(api_schema[path][method], max_examples=25, check=checked_and_linted)


def test_linked_operations_conform_to_the_contract(api_schema: Any, database: Engine) -> None:
    """Sequences that follow the contract's links (create, then use the id) never break it."""

    class Scenarios(api_schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            empty_library(database)  # Hypothesis replays a scenario: same start, same steps

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            super().validate_response(response, case, **kwargs)
            assert_lint_clean(response)

    Scenarios.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=6,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
