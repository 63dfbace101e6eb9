"""A Hypothesis state machine: random sequences of create / read / update / delete / list,
each answer compared with the in-memory model (model.py).

Where a table checks the cases someone thought of, the machine finds the sequences nobody
did: a read after a delete, a page after two updates and a delete, a filter after a task was
reopened. Hypothesis then shrinks a failing sequence to the shortest one that still fails.
The machine's tasks live in a project of its own, so its list checks are exact on a server
that holds any other data; it deletes what it made when a sequence ends.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, rule, run_state_machine_as_test

from day15_api_testing.api import Api, ensure
from day15_api_testing.model import FIELDS, TaskModel

# Titles: any text with a visible character and no control characters or lone surrogates
# (JSON cannot carry those, PostgreSQL cannot store NUL).
_TEXT = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
titles = st.text(_TEXT, min_size=1, max_size=40).filter(lambda text: text.strip() != "")
dates = st.dates().map(lambda day: day.isoformat())
task_bodies = st.fixed_dictionaries(
    {"title": titles},
    optional={
        "description": st.none() | st.text(_TEXT, max_size=40),
        "done": st.booleans(),
        "due_date": st.none() | dates,
    },
)
patches = st.fixed_dictionaries(
    {},
    optional={
        "title": titles,
        "description": st.none() | st.text(_TEXT, max_size=40),
        "done": st.booleans(),
        "due_date": st.none() | dates,
    },
)


class TaskApiMachine(RuleBasedStateMachine):
    """The API and the model, driven side by side; `api` is set by `run_state_machine`."""

    api: Api
    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self.model = TaskModel()
        self.project_id: int = self.api.create_project()["id"]

    @rule(target=tasks, body=task_bodies)
    def create(self, body: dict[str, Any]) -> int:
        """POST a task and put it in the machine's project; the model records it."""
        # solution: POST the body (201), PUT the task in the project, record it in the model
        task = self.api.post("/tasks", body).expect(201, "a valid task is created").json()
        self.api.created_tasks.append(task["id"])
        self.api.put(f"/projects/{self.project_id}/tasks/{task['id']}").expect(200, "joins")
        expected = self.model.add(task["id"], body)
        _ensure_matches(task, expected, "POST /tasks")
        return int(task["id"])
        # end solution

    @rule(task_id=tasks)
    def read(self, task_id: int) -> None:
        """GET a task: what the model holds, or 404 once it was deleted."""
        # solution: GET the task; 404 when the model has none, else the model's fields
        expected = self.model.get(task_id)
        reply = self.api.get(f"/tasks/{task_id}")
        if expected is None:
            reply.expect(404, "a deleted task answers 404")
        else:
            _ensure_matches(reply.expect(200, "a stored task").json(), expected, reply.request_line)
        # end solution

    @rule(task_id=tasks, changes=patches)
    def update(self, task_id: int, changes: dict[str, Any]) -> None:
        """PATCH a task: the model's fields after the change, or 404 once it was deleted."""
        # solution: PATCH; 404 when the model has none, else compare with the model's update
        expected = self.model.update(task_id, changes)
        reply = self.api.patch(f"/tasks/{task_id}", changes)
        if expected is None:
            reply.expect(404, "a deleted task cannot be changed")
        else:
            _ensure_matches(
                reply.expect(200, "a valid change").json(), expected, reply.request_line
            )
        # end solution

    @rule(task_id=tasks)
    def delete(self, task_id: int) -> None:
        """DELETE a task: 204 the first time, 404 after."""
        # solution: DELETE; 204 if the model still had the task, else 404
        existed = self.model.delete(task_id)
        reply = self.api.delete(f"/tasks/{task_id}")
        reply.expect(204 if existed else 404, "a task is deleted once, then it is gone")
        # end solution

    @rule(
        done=st.none() | st.booleans(),
        offset=st.integers(min_value=0, max_value=6),
        limit=st.integers(min_value=1, max_value=4),
    )
    def list_page(self, done: bool | None, offset: int, limit: int) -> None:
        """A page of the project's tasks: the model's ids in id order, and its total."""
        # solution: GET one page of the project's tasks; compare ids and total with model.page
        params: dict[str, Any] = {"offset": offset, "limit": limit}
        if done is not None:
            params["done"] = str(done).lower()
        reply = self.api.get(f"/projects/{self.project_id}/tasks", **params)
        body = reply.expect(200, "a project's tasks are listed").json()
        ids, total = self.model.page(done=done, offset=offset, limit=limit)
        got = [item["id"] for item in body["items"]]
        ensure(
            (got, body["total"]) == (ids, total),
            f"{reply.request_line} {params}: the model expects ids {ids} of total {total}, "
            f"the API answered {got} of total {body['total']}",
        )
        # end solution

    def teardown(self) -> None:
        """Delete the machine's tasks and project."""
        self.api.cleanup()


def _ensure_matches(task: dict[str, Any], expected: dict[str, Any], request: str) -> None:
    got = {name: task.get(name) for name in FIELDS}
    want = {name: expected[name] for name in FIELDS}
    ensure(got == want, f"{request}: the model expects {want}, the API answered {got}")
    ensure(
        (task.get("completed_at") is not None) == bool(want["done"]),
        f"{request}: completed_at is set exactly while the task is done, got {task}",
    )


def run_state_machine(
    api: Api, *, max_examples: int = 10, steps: int = 10, shrink: bool = True
) -> None:
    """Run the machine against `api`; raises the first failure when the API and model differ.

    `derandomize=True`: the same sequences every run, so a CI failure replays locally.
    `shrink=False` reports the failing sequence as found, without the (slow: every attempt
    replays its requests) search for the shortest one.
    """
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])
    machine = type("BoundTaskApiMachine", (TaskApiMachine,), {"api": api})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            derandomize=True,
            phases=phases,
            report_multiple_bugs=False,  # one failure, an AssertionError, not an ExceptionGroup
            suppress_health_check=list(HealthCheck),
        ),
    )
