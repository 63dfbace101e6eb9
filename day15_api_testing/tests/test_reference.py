"""Every check passes against day 7's reference API, on SQLite and on PostgreSQL.

This is the suite itself, run the default way: in process, the app from its factory, each
test inside a SAVEPOINT that is rolled back (the plugin's `task_api`).
"""

from __future__ import annotations

import pytest

from day15_api_testing import Api, CheckCase, Outcome, check_cases, run_check
from day15_api_testing.tests.helpers import param_id

CASES = check_cases()


@pytest.mark.parametrize("case", CASES, ids=[param_id(case) for case in CASES])
def test_check_passes_against_the_reference_api(task_api: Api, case: CheckCase) -> None:
    """Each check passes against day 7's reference API (a check that fails there is wrong)."""
    result = run_check(case, task_api)
    assert result.outcome is Outcome.PASSED, (
        f"{case.id} must pass against the reference API; it {result.outcome}: {result.message}"
    )
