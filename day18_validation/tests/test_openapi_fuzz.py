"""Schemathesis over the merged contract: documented answers only, never a 5xx.

The twin (FastAPI + pydantic) is fuzzed on every operation that takes a body, and the nested
reads; day 18's Flask app on the operations it adds (day 11's own fuzz test covers its
other routes, and the query strings both apps parse with day 11's code). Each app runs on a
SQLite file of the module's own, with real commits.
As in day 11: years are capped at next year, and no cursor or If-Match is generated (the
contract describes those in words; the day's other tests check their 422s and 412s).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import strategies as st
from sqlalchemy import Engine

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day11_rest_library import Settings, upgrade
from day18_validation import create_fastapi_app, create_flask_app, load_contract
from day18_validation.tests.helpers import isbn13
from shared.openapi_fuzz import fuzz_operation

schemathesis.openapi.format("isbn", st.integers(0, 999_999_999).map(isbn13))

NEXT_YEAR = datetime.date.today().year + 1
OPERATIONS = [  # the operations that take a body (the validators' work), and the nested reads
    (method.upper(), path)
    for path, item in load_contract()["paths"].items()
    for method in item
    if method in {"post", "put", "patch"} or (method == "get" and "with-book" in path)
]
NESTED = [(m, p) for m, p in OPERATIONS if "with-book" in p]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'day18.db'}"
    upgrade(url)
    engine = create_engine_from_url(url)
    yield engine
    engine.dispose()


def _hooks(schema: Any) -> Any:
    schema.hook("map_body")(_cap_years)
    schema.hook("map_query")(lambda context, query: _without(query, "cursor"))
    schema.hook("map_headers")(lambda context, headers: _without(headers, "if-match"))
    return schema


@pytest.fixture(scope="module")
def twin_schema(database: Engine) -> Any:
    settings = Settings(database_url=str(database.url))
    app = create_fastapi_app(settings, session_factory=make_session_factory(database))
    return _hooks(schemathesis.openapi.from_asgi("/openapi.json", app))


@pytest.fixture(scope="module")
def flask_schema(database: Engine) -> Any:
    settings = Settings(database_url=str(database.url))
    app = create_flask_app(settings, session_factory=make_session_factory(database))
    return _hooks(schemathesis.openapi.from_wsgi("/openapi.json", app))


def _cap_years(context: Any, body: Any) -> Any:
    """A generated year after next year becomes next year, also inside a shelf's books."""
    if isinstance(body, dict):
        year = body.get("year")
        if isinstance(year, int | float) and not isinstance(year, bool) and year > NEXT_YEAR:
            body = body | {"year": NEXT_YEAR}
        if isinstance(body.get("books"), list):
            body = body | {"books": [_cap_years(context, book) for book in body["books"]]}
    return body


def _without(values: Any, name: str) -> Any:
    if isinstance(values, dict):
        return {key: value for key, value in values.items() if key.lower() != name}
    return values


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_twin_answers_each_operation_as_documented(
    twin_schema: Any, method: str, path: str
) -> None:
    fuzz_operation(twin_schema[path][method], max_examples=4)


@pytest.mark.parametrize(("method", "path"), NESTED, ids=[f"{m} {p}" for m, p in NESTED])
def test_the_flask_apps_nested_operations_answer_as_documented(
    flask_schema: Any, method: str, path: str
) -> None:
    fuzz_operation(flask_schema[path][method], max_examples=4)
