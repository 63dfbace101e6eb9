"""The bundled corpus (isemail v3.05 and RFC 3696): core verdicts, and the edge-tier policy."""

from __future__ import annotations

import pytest

from day14_packaging import is_valid_email
from day14_packaging.tests.helpers import (
    EVERY_SWITCH,
    Case,
    case_id,
    load_cases,
    policy_row,
)

CORE = load_cases("core")
EDGE = load_cases("edge")


@pytest.mark.parametrize("case", CORE, ids=case_id)
def test_core_case_gets_its_expected_verdict(case: Case) -> None:
    """Each clear-cut case is accepted or rejected as its source says, with default options."""
    verdict = is_valid_email(case.address)
    expected = "accepted" if case.expected_valid else "rejected"
    assert verdict == case.expected_valid, f"{case.address!r} must be {expected}: {case.note}"


@pytest.mark.parametrize("case", EDGE, ids=case_id)
def test_edge_case_follows_the_policy_table(case: Case) -> None:
    """Rejected by default; its row's switch (if any) accepts it exactly when isemail does."""
    row = policy_row(case)
    assert not is_valid_email(case.address), (
        f"{case.address!r} ({row.group}) must be rejected with the default options"
    )
    if row.switch and case.expected_valid:
        assert is_valid_email(case.address, **{row.switch: True}), (
            f"{case.address!r} ({row.group}) must be accepted with {row.switch}=True"
        )
    verdict = row.verdict_with_every_switch(case)
    assert is_valid_email(case.address, **EVERY_SWITCH) == verdict, (
        f"{case.address!r} ({row.group}) must be {'accepted' if verdict else 'rejected'} with "
        "every switch on"
    )


def test_core_accuracy_is_at_least_99_percent() -> None:
    agreed = sum(is_valid_email(c.address) == c.expected_valid for c in CORE)
    assert agreed / len(CORE) >= 0.99, f"only {agreed} of {len(CORE)} core cases agree"


def test_every_isemail_error_case_is_rejected_even_with_every_switch_on() -> None:
    errors = [c for c in load_cases() if c.category == "ISEMAIL_ERR"]
    accepted = [c.address for c in errors if is_valid_email(c.address, **EVERY_SWITCH)]
    assert len(errors) == 65 and not accepted, f"isemail ERR cases accepted: {accepted}"


def test_every_isemail_valid_case_is_accepted() -> None:
    """Core ones with the default options, the edge one (a dotless domain) with its switch."""
    valid = [c for c in load_cases() if c.category == "ISEMAIL_VALID_CATEGORY"]
    rejected = [
        c.address
        for c in valid
        if not is_valid_email(c.address, allow_dotless_domain=c.tier == "edge")
    ]
    assert len(valid) == 14 and not rejected, f"isemail VALID cases rejected: {rejected}"
