"""What the day's tests share: the checks by name, and running them on an app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from day15_api_testing import CheckCase, Outcome, Result, check_cases, in_process_api, run_checks


def cases_named(names: Sequence[str]) -> list[CheckCase]:
    """Every checklist line of the checks called `names`."""
    return [case for case in check_cases() if case.check.name in names]


def run_on(app: Any, cases: Sequence[CheckCase], **options: Any) -> list[Result]:
    """Run `cases` on `app` in process."""
    with in_process_api(app) as api:
        return run_checks(cases, api, **options)


def failures(results: Sequence[Result]) -> list[Result]:
    """The results that caught a bug (a CheckFailure, not a check that could not run)."""
    return [result for result in results if result.outcome is Outcome.FAILED]


def describe(results: Sequence[Result]) -> str:
    """One line per result that did not pass, for assert messages."""
    return (
        "; ".join(
            f"{r.case.id}: {r.outcome}: {r.message[:200]}" for r in results if r.outcome != "passed"
        )
        or "every check passed"
    )


def param_id(case: CheckCase) -> str:
    """A readable pytest id: `delete_task_is_204_then_404`, `invalid_tag_name_is_422/empty`."""
    return case.check.name + (f"/{case.case.id}" if case.case else "")
