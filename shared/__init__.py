"""Small utilities that three or more days need, and nothing day-specific.

Standard library only at import time, so the standard-library days (1, 2, 6) can use it too:
`shared.settings` (pydantic-settings) and `shared.testing` (pytest) are imported explicitly
by the days and tests that need them.
"""

from __future__ import annotations

import importlib
from typing import Any

# Names are loaded on first use (PEP 562), so importing one module of shared/ does not import
# them all: day 1's benchmark counts every megabyte, and a CLI's --help should start fast.
_HOMES = {
    "CourseError": "shared.cli",
    "UsageError": "shared.cli",
    "fail": "shared.cli",
    "output": "shared.cli",
    "run_cli": "shared.cli",
    "JsonFormatter": "shared.logs",
    "configure_logging": "shared.logs",
    "PROBLEM_JSON": "shared.problems",
    "problem_body": "shared.problems",
    "SERVICES": "shared.services",
    "Service": "shared.services",
    "probe": "shared.services",
    "service_url": "shared.services",
    "redact": "shared.services",
}

__all__ = [
    "PROBLEM_JSON",
    "SERVICES",
    "CourseError",
    "JsonFormatter",
    "Service",
    "UsageError",
    "configure_logging",
    "fail",
    "output",
    "probe",
    "problem_body",
    "redact",
    "run_cli",
    "service_url",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'shared' has no attribute {name!r}")
