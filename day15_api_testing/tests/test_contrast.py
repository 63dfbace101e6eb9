"""The unittest version of a few checks passes on both backends and fails on a broken API."""

from __future__ import annotations

import io
import unittest
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

import day15_api_testing as day15
from day15_api_testing.tests.broken import VARIANTS


def run_case(case: type[unittest.TestCase]) -> unittest.TestResult:
    """Run a TestCase class with unittest's own runner, output captured."""
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(case)
    return unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)


def test_unittest_suite_passes_against_the_reference(task_database_url: str) -> None:
    """The unittest TestCase passes on day 7's API, on SQLite and on PostgreSQL."""
    result = run_case(day15.TaskCrudTestCase.for_database(task_database_url))
    assert result.testsRun == 3 and result.wasSuccessful(), result.failures + result.errors


def test_unittest_suite_leaves_the_database_empty(task_database_url: str) -> None:
    """Each unittest test is rolled back: after the run no task is stored."""
    from fastapi.testclient import TestClient

    from day07_sqlalchemy_orm import Settings, create_app

    run_case(day15.TaskCrudTestCase.for_database(task_database_url))
    with TestClient(create_app(Settings(database_url=task_database_url))) as client:
        assert client.get("/tasks").json()["total"] == 0


def test_unittest_suite_fails_against_a_broken_api(task_database_url: str) -> None:
    """A delete that keeps the task fails the unittest version too."""
    keeps = next(variant for variant in VARIANTS if variant.id == "delete-keeps-the-task")

    class Broken(day15.TaskCrudTestCase.for_database(task_database_url)):  # type: ignore[misc]
        def make_app(self, session_factory: sessionmaker[Session]) -> Any:
            app = super().make_app(session_factory)
            keeps.apply(app)
            return app

    result = run_case(Broken)
    assert [test.id().rsplit(".", 1)[-1] for test, _ in result.failures] == [
        "test_delete_task_is_204_then_404"
    ]


def test_unbound_unittest_suite_is_skipped() -> None:
    """Without a database the TestCase skips with a message that says what to do."""
    result = run_case(day15.TaskCrudTestCase)
    assert len(result.skipped) == 1 and "for_database" in result.skipped[0][1]
