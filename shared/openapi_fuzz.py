"""Schemathesis inside ordinary pytest tests: every FastAPI day fuzzes its routes the same way.

`schemathesis.pytest.from_fixture` (the loader that would take an app fixture) fails on pytest 9,
which no longer lets it set `Function._nodeid`; so a test gets its app from a fixture as usual
and hands one operation to `fuzz_operation`, which drives the operation's Hypothesis strategy
itself. Valid and invalid requests are mixed; the default checks apply (no 5xx; status codes,
media types, headers and bodies as documented; invalid input rejected; valid input accepted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any


def openapi_operations(app: Any, *, prefixes: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(METHOD, path) of every operation in the app's schema, optionally under `prefixes`."""
    return [
        (method.upper(), path)
        for path, methods in app.openapi()["paths"].items()
        for method in methods
        if not prefixes or path.startswith(tuple(prefixes))
    ]


def fuzz_operation(
    operation: Any,
    *,
    max_examples: int = 20,
    excluded_checks: Iterable[Callable[..., Any]] = (),
    check: Callable[[Any], None] | None = None,
) -> None:
    """Send generated valid and invalid requests to one operation and check every answer.

    `excluded_checks` drops schemathesis checks that a route's documented rules contradict
    (e.g. `positive_data_acceptance` where a cross-field rule JSON Schema cannot state makes a
    schema-valid request a 422); `check` replaces `case.call_and_validate()` entirely.
    """
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode

    excluded = list(excluded_checks)
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    # deadline=None: the first call of an app is slower than the rest. database=None: leave
    # no .hypothesis/ folder behind. The health checks flag slow generation, not app bugs.
    @given(case=cases)
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if check is not None:
            check(case)
        else:
            case.call_and_validate(excluded_checks=excluded)

    run()
