"""Running checks and printing the checklist: ✓ or ✗ per criterion, the failure's message.

A check *fails* when it raises CheckFailure (the API broke the criterion) and *errs* on any
other exception (a stub's NotImplementedError, a server that hangs up): the grading tests
count only failures as a bug caught, so a check that does nothing catches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from day15_api_testing.api import Api
from day15_api_testing.registry import CheckCase

PASS_MARK, FAIL_MARK = "✓", "✗"


class Outcome(StrEnum):
    """How one check ended."""

    PASSED = "passed"
    FAILED = "failed"  # the API broke the criterion
    ERROR = "error"  # the check itself could not run


@dataclass(frozen=True)
class Result:
    """One line of the checklist."""

    case: CheckCase
    outcome: Outcome
    message: str = ""


def run_check(case: CheckCase, api: Api) -> Result:
    """Run one check, then delete what it created; never raises."""
    try:
        case.run(api)
    except AssertionError as exc:
        return Result(case, Outcome.FAILED, str(exc) or type(exc).__name__)
    except Exception as exc:  # a check that cannot run is reported, not raised
        return Result(case, Outcome.ERROR, f"{type(exc).__name__}: {exc}")
    finally:
        _cleanup(api)
    return Result(case, Outcome.PASSED)


def run_checks(
    cases: Iterable[CheckCase], api: Api, *, stop_on_failure: bool = False
) -> list[Result]:
    """Run the checks in order; with `stop_on_failure`, stop after the first that fails."""
    results: list[Result] = []
    for case in cases:
        results.append(run_check(case, api))
        if stop_on_failure and results[-1].outcome is Outcome.FAILED:
            break
    return results


def format_checklist(results: Sequence[Result]) -> str:
    """The checklist: a line per criterion, the message under each one that did not pass."""
    lines = []
    for result in results:
        passed = result.outcome is Outcome.PASSED
        lines.append(f"{PASS_MARK if passed else FAIL_MARK} {result.case.criterion}")
        if not passed:
            label = "" if result.outcome is Outcome.FAILED else "could not run: "
            lines.append(f"    {label}{result.message}")
    passed_count = sum(r.outcome is Outcome.PASSED for r in results)
    lines.append(f"{passed_count} of {len(results)} criteria pass")
    return "\n".join(lines)


def _cleanup(api: Api) -> None:
    try:
        api.cleanup()
    except Exception:  # a server that broke mid-check must not hide the check's own result
        api.created_tasks.clear()
        api.created_projects.clear()
