"""shared.openapi_fuzz: schemathesis from plain tests finds real bugs and passes clean apps."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI

from shared.openapi_fuzz import fuzz_operation, openapi_operations


def make_app(*, buggy: bool) -> FastAPI:
    app = FastAPI()

    @app.get("/half/{number}")
    def half(number: int) -> dict[str, float]:
        if buggy and number % 2:
            raise RuntimeError("odd numbers crash")  # an unhandled error: a 500
        return {"half": number / 2}

    @app.get("/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    return app


def test_operations_are_listed_and_filtered_by_prefix() -> None:
    app = make_app(buggy=False)
    assert openapi_operations(app) == [("GET", "/half/{number}"), ("GET", "/health")]
    assert openapi_operations(app, prefixes=["/health"]) == [("GET", "/health")]


def test_a_clean_operation_passes() -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", make_app(buggy=False))
    fuzz_operation(schema["/health"]["GET"], max_examples=5)


def test_a_server_error_is_found() -> None:
    app = make_app(buggy=True)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    with pytest.raises(Exception, match="odd numbers crash"):  # the bug reaches the test
        fuzz_operation(schema["/half/{number}"]["GET"], max_examples=50)


def test_a_custom_check_replaces_the_default_one() -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", make_app(buggy=False))
    seen: list[int] = []

    def check(case: schemathesis.Case) -> None:
        seen.append(case.call().status_code)

    fuzz_operation(schema["/health"]["GET"], max_examples=3, check=check)
    assert seen and set(seen) <= {200, 404, 405, 422}
