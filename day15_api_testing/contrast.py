"""A few of the suite's checks written with `unittest`, for contrast with pytest.

What pytest's fixtures do, unittest spells out: `setUpClass` migrates the database once,
`setUp` opens the outer transaction and the app on it, `addCleanup` rolls back (in reverse
order, even when a test fails); a table becomes a loop of `subTest`s; every assert is a
`self.assert*` method. It is the same isolation (a SAVEPOINT per request, one rolled-back
transaction per test) and the same checks, with more ceremony: compare
`test_delete_task_is_204_then_404` here with `delete_task_is_204_then_404` in checks/tasks.py.

Run it against any database: `TaskCrudTestCase.for_database(url)` is a TestCase class.
"""

from __future__ import annotations

import unittest
from typing import Any, ClassVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import Settings, create_app, create_engine_from_url, upgrade
from day15_api_testing.tables import INVALID_TASKS


class TaskCrudTestCase(unittest.TestCase):
    """Create, read, delete and validate tasks; each test rolled back (set `database_url`)."""

    database_url: ClassVar[str] = ""
    engine: ClassVar[Engine]

    @classmethod
    def for_database(cls, url: str) -> type[TaskCrudTestCase]:
        """This TestCase bound to the database at `url`."""
        return type(cls.__name__, (cls,), {"database_url": url})

    @classmethod
    def setUpClass(cls) -> None:
        """Migrate the database once for the class, and open its engine."""
        if not cls.database_url:
            raise unittest.SkipTest("no database_url: use TaskCrudTestCase.for_database(url)")
        upgrade(cls.database_url)
        cls.engine = create_engine_from_url(cls.database_url)
        cls.addClassCleanup(cls.engine.dispose)

    def make_app(self, session_factory: sessionmaker[Session]) -> Any:
        """The app under test (a subclass may return another one)."""
        return create_app(Settings(database_url=self.database_url), session_factory=session_factory)

    def setUp(self) -> None:
        """One outer transaction per test, rolled back by a cleanup; the app's sessions join it."""
        from fastapi.testclient import TestClient

        # solution: connect, begin, roll back in a cleanup; a client on an app whose sessions
        # join that transaction with SAVEPOINTs
        connection = self.engine.connect()
        self.addCleanup(connection.close)
        transaction = connection.begin()
        self.addCleanup(transaction.rollback)
        factory = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        self.client = TestClient(self.make_app(factory), raise_server_exceptions=False)
        self.client.__enter__()
        self.addCleanup(self.client.__exit__, None, None, None)
        # end solution

    def test_create_task_answers_201_with_location(self) -> None:
        response = self.client.post("/tasks", json={"title": "Buy seeds"})
        self.assertEqual(response.status_code, 201, response.text)
        task = response.json()
        self.assertEqual(response.headers.get("location"), f"/tasks/{task['id']}")
        self.assertEqual(self.client.get(f"/tasks/{task['id']}").json()["title"], "Buy seeds")

    def test_delete_task_is_204_then_404(self) -> None:
        task = self.client.post("/tasks", json={"title": "Buy seeds"}).json()
        path = f"/tasks/{task['id']}"
        self.assertEqual(self.client.delete(path).status_code, 204)
        self.assertEqual(self.client.get(path).status_code, 404, "a deleted task is gone")
        self.assertEqual(self.client.delete(path).status_code, 404, "deleted only once")

    def test_invalid_task_body_is_422(self) -> None:
        for case in INVALID_TASKS:
            with self.subTest(case.id):
                response = self.client.post("/tasks", json=case.data)
                self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(self.client.get("/tasks").json()["total"], 0, "nothing was stored")
