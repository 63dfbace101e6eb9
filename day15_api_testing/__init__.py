"""Day 15: the test suite of day 7's task API (projects, tasks, tags), runnable in process
(each test in a SAVEPOINT, on SQLite and PostgreSQL) and black-box over HTTP against any server.

Later days reuse the checks and their runner, the `Api` client with its factories, the
state machine, the OpenAPI links for schemathesis, and the pytest fixtures of
`day15_api_testing.plugin` (day 20).
"""

from day15_api_testing import checks
from day15_api_testing.api import PROBLEM_JSON, Api, CheckFailure, HttpClient, Reply, ensure
from day15_api_testing.contrast import TaskCrudTestCase
from day15_api_testing.factories import ProjectFactory, TagFactory, TaskFactory, tag_name
from day15_api_testing.links import LINKS, Link, with_links
from day15_api_testing.model import TaskModel
from day15_api_testing.registry import CHECKS, Case, Check, CheckCase, check, check_cases
from day15_api_testing.runner import Outcome, Result, format_checklist, run_check, run_checks
from day15_api_testing.stateful import TaskApiMachine, run_state_machine
from day15_api_testing.tables import (
    INVALID_PATCHES,
    INVALID_TAGS,
    INVALID_TASKS,
    MISSING,
    MISSING_ID,
)
from day15_api_testing.targets import http_api, in_process_api, reference_app

__all__ = [
    "CHECKS",
    "INVALID_PATCHES",
    "INVALID_TAGS",
    "INVALID_TASKS",
    "LINKS",
    "MISSING",
    "MISSING_ID",
    "PROBLEM_JSON",
    "Api",
    "Case",
    "Check",
    "CheckCase",
    "CheckFailure",
    "HttpClient",
    "Link",
    "Outcome",
    "ProjectFactory",
    "Reply",
    "Result",
    "TagFactory",
    "TaskApiMachine",
    "TaskCrudTestCase",
    "TaskFactory",
    "TaskModel",
    "check",
    "check_cases",
    "checks",
    "ensure",
    "format_checklist",
    "http_api",
    "in_process_api",
    "reference_app",
    "run_check",
    "run_checks",
    "run_state_machine",
    "tag_name",
    "with_links",
]
