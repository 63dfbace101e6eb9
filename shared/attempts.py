"""Grading a learner's own work: `pytest --attempts DIR` runs each day's tests on DIR/dayNN_slug.

Registered for every test by the root `conftest.py`, beside `shared.testing`.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register the `internal` marker: tests of internals, left out when attempts are graded."""
    config.addinivalue_line(
        "markers",
        "internal: checks an internal detail of the reference (a private module or format); "
        "deselected when a learner's attempt is graded",
    )
