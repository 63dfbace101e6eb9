"""The suite's checks: each one criterion, optionally a table of cases, run on any `Api`.

`@check()` registers a function as a check; its docstring's first line is the criterion the
checklist prints. `@check(cases=TABLE)` makes it table-driven: the function then takes the
case too and runs once per row, each row a line of its own (`invalid_task_body_is_422
[blank-title]`), the way `pytest.mark.parametrize` turns one test into many. pytest and the
black-box CLI read the same registry, so both run exactly the same checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from day15_api_testing.api import Api


@dataclass(frozen=True)
class Case:
    """One row of a table: a readable id (the checklist shows it) and its data."""

    id: str
    data: Any


@dataclass(frozen=True)
class Check:
    """One criterion: a function that fails (CheckFailure) when the API breaks it."""

    name: str
    criterion: str
    function: Callable[..., None]
    cases: tuple[Case, ...] = ()


@dataclass(frozen=True)
class CheckCase:
    """One line of the checklist: a check, with one row of its table when it has one."""

    check: Check
    case: Case | None = None

    @property
    def id(self) -> str:
        """`delete_task_is_204_then_404`, or `invalid_task_body_is_422[blank-title]`."""
        return self.check.name + (f"[{self.case.id}]" if self.case else "")

    @property
    def criterion(self) -> str:
        """The criterion in words, with the case's id."""
        return self.check.criterion + (f" ({self.case.id})" if self.case else "")

    def run(self, api: Api) -> None:
        """Run the check (with its case) against `api`."""
        if self.case is None:
            self.check.function(api)
        else:
            self.check.function(api, self.case.data)


CHECKS: list[Check] = []


def check(*, cases: Sequence[Case] = ()) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register the decorated function as a check (table-driven when `cases` are given)."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        criterion = (function.__doc__ or function.__name__).strip().splitlines()[0]
        CHECKS.append(Check(function.__name__, criterion, function, tuple(cases)))
        return function

    return register


def check_cases(checks: Sequence[Check] | None = None) -> list[CheckCase]:
    """Every line of the checklist, in registration order."""
    lines: list[CheckCase] = []
    for each in CHECKS if checks is None else checks:
        lines += [CheckCase(each, case) for case in each.cases] or [CheckCase(each)]
    return lines
