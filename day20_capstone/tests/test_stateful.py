"""Two users, random operations: no request of one ever reaches the other's tasks (OWASP API1).

A Hypothesis state machine drives the API as two users and keeps a model of who owns what.
Each step either works on one's own task (must succeed) or aims at the other's (must be
404, whatever the method). Some tasks are overdue, and an admin sweeps now and then: each
user's reminders must name only their own tasks. Any cross-user success fails the run with
the steps that led there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day20_capstone import Settings, User, create_app
from day20_capstone.tests.helpers import Account, sign_up, wait_for_job

USERS = ("ann", "ben")
titles = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).filter(str.strip)
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def machine(client: TestClient, promote: Callable[[int], None]) -> type[RuleBasedStateMachine]:
    """The state machine class, bound to one client (`promote(id)` makes an admin)."""

    class TwoUsers(RuleBasedStateMachine):
        tasks = Bundle("tasks")  # (owner, task id) of every live task

        @initialize()
        def accounts(self) -> None:
            self.users: dict[str, Account] = {name: sign_up(client, name) for name in USERS}
            self.admin = sign_up(client, "admin")
            promote(self.admin.id)
            self.owned: dict[str, dict[int, str]] = {name: {} for name in USERS}
            self.cross_successes = 0

        def _headers(self, name: str) -> dict[str, str]:
            return self.users[name].headers

        @rule(target=tasks, who=st.sampled_from(USERS), title=titles, late=st.booleans())
        def create(self, who: str, title: str, late: bool) -> tuple[str, int]:
            body = {"title": title, "due": YESTERDAY} if late else {"title": title}
            reply = client.post("/tasks", json=body, headers=self._headers(who))
            assert reply.status_code == 201, reply.text
            self.owned[who][reply.json()["id"]] = title
            return who, reply.json()["id"]

        @rule(
            task=tasks,
            who=st.sampled_from(USERS),
            method=st.sampled_from(["GET", "PATCH", "DELETE"]),
        )
        def reach(self, task: tuple[str, int], who: str, method: str) -> None:
            owner, task_id = task
            if owner == who:
                reply = client.get(f"/tasks/{task_id}", headers=self._headers(who))
                assert (
                    reply.status_code == 200 and reply.json()["title"] == self.owned[who][task_id]
                )
                return
            body = {"title": "stolen"} if method == "PATCH" else None
            reply = client.request(
                method, f"/tasks/{task_id}", json=body, headers=self._headers(who)
            )
            if reply.status_code != 404:
                self.cross_successes += 1
            assert reply.status_code == 404, (
                f"{who} {method} {owner}'s task {task_id}: {reply.status_code}"
            )

        @rule(task=tasks, title=titles)
        def rename_own(self, task: tuple[str, int], title: str) -> None:
            owner, task_id = task
            reply = client.patch(
                f"/tasks/{task_id}", json={"title": title}, headers=self._headers(owner)
            )
            assert reply.status_code == 200, reply.text
            self.owned[owner][task_id] = title

        @rule(task=consumes(tasks))
        def delete_own(self, task: tuple[str, int]) -> None:
            owner, task_id = task
            assert (
                client.delete(f"/tasks/{task_id}", headers=self._headers(owner)).status_code == 204
            )
            del self.owned[owner][task_id]

        @rule()
        def sweep(self) -> None:
            job = client.post("/admin/sweeps", headers=self.admin.headers).json()
            assert wait_for_job(client, self.admin, job["id"])["state"] == "done", job
            for who in USERS:
                reply = client.get("/reminders", params={"limit": 100}, headers=self._headers(who))
                named = {reminder["task_id"] for reminder in reply.json()["items"]}
                assert named <= set(self.owned[who]), f"{who}'s reminders name only their tasks"

        @invariant()
        def each_list_is_exactly_ones_own(self) -> None:
            if not hasattr(self, "users"):
                return
            for who in USERS:
                page = client.get(
                    "/tasks", params={"limit": 100}, headers=self._headers(who)
                ).json()
                seen = {task["id"]: task["title"] for task in page["items"]}
                assert seen == self.owned[who], f"{who}'s list must be exactly their tasks"
            assert self.cross_successes == 0

    return TwoUsers


def test_two_users_never_reach_each_others_tasks(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"day20_login_per_client": 10_000}))
    engine = create_engine_from_url(settings.database_url)
    sessions = make_session_factory(engine)

    def promote(user_id: int) -> None:  # as `create-admin` would
        with sessions.begin() as session:
            user = session.get(User, user_id)
            assert user is not None
            user.is_admin = True

    with TestClient(app, raise_server_exceptions=False) as client:
        run_state_machine_as_test(
            machine(client, promote),
            settings=hypothesis_settings(
                max_examples=4,
                stateful_step_count=8,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    engine.dispose()
