"""Small utilities that three or more days need, and nothing day-specific.

Standard library only at import time, so the standard-library days (1, 2, 6) can use it too:
`shared.settings` (pydantic-settings) and `shared.testing` (pytest) are imported explicitly
by the days and tests that need them.
"""

from __future__ import annotations

from shared.cli import CourseError, UsageError, fail, output, run_cli
from shared.logs import JsonFormatter, configure_logging
from shared.problems import PROBLEM_JSON, problem_body
from shared.services import SERVICES, Service, probe, service_url

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
    "run_cli",
    "service_url",
]
