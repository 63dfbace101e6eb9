"""Checks of /tasks: create, read, update, delete, list (day 4's contract, stored by day 7).

Each check makes the rows it needs (the factories give valid bodies), so it runs on an empty
test database and on a live server full of other data alike. A list check scopes itself to
a fresh project, where it knows every row, and uses the global /tasks list only for what it
can prove there: the newest tasks at its end, in id order.
"""

from __future__ import annotations

from typing import Any

from day15_api_testing.api import Api, ensure
from day15_api_testing.registry import check
from day15_api_testing.tables import INVALID_PATCHES, INVALID_TASKS, MISSING, MISSING_ID

SENT_FIELDS = ("title", "description", "done", "due_date")


@check()
def create_task_answers_201_with_location(api: Api) -> None:
    """Creating a task answers 201, its URL in Location, and stores exactly what was sent."""
    # solution: POST a factory task; check 201, Location, the echoed fields, and GET Location
    sent = {
        "title": "Buy seeds",
        "description": "tomatoes",
        "done": False,
        "due_date": "2030-05-01",
    }
    reply = api.post("/tasks", sent).expect(201, "POST /tasks creates a task")
    created = reply.json()
    api.created_tasks.append(created["id"])
    location = reply.headers.get("location")
    ensure(
        location == f"/tasks/{created['id']}",
        f"Location must be the new task's URL /tasks/{created['id']}, got {location!r}",
    )
    ensure(
        created["created_at"] == created["updated_at"],
        f"a new task was created and last updated at the same moment, got {created}",
    )
    echoed = {name: created.get(name) for name in SENT_FIELDS}
    ensure(echoed == sent, f"the answer echoes the fields sent: {sent}, got {echoed}")
    read = api.get(str(location)).expect(200, "the Location URL serves the task").json()
    ensure(
        {name: read.get(name) for name in SENT_FIELDS} == sent,
        f"GET {location} shows what was stored: {sent}, got {read}",
    )
    # end solution


@check()
def task_titles_are_stored_stripped(api: Api) -> None:
    """A title is stored without its surrounding spaces."""
    # solution: create a task titled "  Plant beans  " and check it reads back "Plant beans"
    task = api.create_task(title="  Plant beans  ")
    ensure(task["title"] == "Plant beans", f"titles are stripped, got {task['title']!r}")
    read = api.get(f"/tasks/{task['id']}").expect(200, "a created task can be read").json()
    ensure(read["title"] == "Plant beans", f"the stored title is stripped, got {read['title']!r}")
    # end solution


@check()
def created_done_task_has_completed_at(api: Api) -> None:
    """A task created done has completed_at; one created not done has none."""
    # solution: create one task done and one not; check completed_at on each
    done = api.create_task(done=True)
    ensure(done["completed_at"] is not None, "a task created done records completed_at")
    open_task = api.create_task(done=False)
    ensure(
        open_task["completed_at"] is None,
        f"a task that is not done has completed_at null, got {open_task['completed_at']!r}",
    )
    # end solution


@check(cases=INVALID_TASKS)
def invalid_task_body_is_422(api: Api, body: Any) -> None:
    """An invalid task body answers 422 problem+json, naming the field, and stores nothing."""
    # solution: POST the row's body; check the 422 problem with errors, and that no task was added
    before = api.get("/tasks", limit=1).expect(200, "GET /tasks lists tasks").json()["total"]
    problem = api.post("/tasks", body).expect_problem(422, "an invalid body is refused")
    ensure(
        isinstance(problem.get("errors"), list) and problem["errors"],
        f"a 422 lists what is wrong in `errors`, one entry per field, got {problem}",
    )
    after = api.get("/tasks", limit=1).expect(200, "GET /tasks lists tasks").json()["total"]
    ensure(after == before, f"a refused body stores nothing: the total went {before} -> {after}")
    # end solution


@check(cases=MISSING)
def unknown_ids_are_404(api: Api, route: tuple[str, str]) -> None:
    """Asking for a task, project or tag that does not exist answers 404 problem+json."""
    # solution: fill {missing} and {task} into the row's path; its answer is a 404 problem
    method, template = route
    task = api.create_task() if "{task}" in template else {"id": 0}
    path = template.format(missing=MISSING_ID, task=task["id"])
    body = {"done": True} if method == "PATCH" else None
    problem = api.call(method, path, json=body).expect_problem(404, "no such resource")
    ensure(
        str(MISSING_ID) in str(problem.get("detail")),
        f"the 404's detail names what is missing ({MISSING_ID}), got {problem.get('detail')!r}",
    )
    # end solution


@check()
def patch_changes_only_the_fields_sent(api: Api) -> None:
    """PATCH changes the fields it sends and keeps every other field as it was."""
    # solution: create a full task, PATCH its title; the rest is unchanged, in the answer and on GET
    task = api.create_task(description="keep me", due_date="2031-01-02", done=False)
    changed = api.patch(f"/tasks/{task['id']}", {"title": "Renamed"})
    body = changed.expect(200, "PATCH changes an existing task").json()
    expected = {**task, "title": "Renamed"}
    kept = {name: body.get(name) for name in SENT_FIELDS}
    ensure(
        kept == {name: expected[name] for name in SENT_FIELDS},
        f"only the title changes; expected {expected}, got {body}",
    )
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task is still there").json()
    ensure(
        {name: read.get(name) for name in SENT_FIELDS} == kept,
        f"GET shows the stored change: expected {kept}, got {read}",
    )
    # end solution


@check(cases=INVALID_PATCHES)
def invalid_patch_is_422_and_changes_nothing(api: Api, body: Any) -> None:
    """An invalid PATCH answers 422 problem+json and leaves the task as it was."""
    # solution: create a task, send the row's PATCH; a 422 problem, and GET shows the task unchanged
    task = api.create_task()
    api.patch(f"/tasks/{task['id']}", body).expect_problem(422, "an invalid change is refused")
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task is still there").json()
    ensure(
        {name: read.get(name) for name in SENT_FIELDS}
        == {name: task[name] for name in SENT_FIELDS},
        f"a refused PATCH changes nothing: expected {task}, got {read}",
    )
    # end solution


@check()
def patch_done_sets_and_clears_completed_at(api: Api) -> None:
    """PATCH done=true records completed_at, other changes keep it, done=false clears it."""
    # solution: mark a task done, rename it, mark it not done; check completed_at at each step
    task = api.create_task(done=False)
    path = f"/tasks/{task['id']}"
    done = api.patch(path, {"done": True}).expect(200, "a task can be marked done").json()
    ensure(done["completed_at"] is not None, "marking a task done records completed_at")
    renamed = api.patch(path, {"title": "Renamed"}).expect(200, "a done task can be renamed")
    ensure(
        renamed.json()["completed_at"] == done["completed_at"],
        "a change that is not about done keeps completed_at",
    )
    undone = api.patch(path, {"done": False}).expect(200, "a task can be reopened").json()
    ensure(undone["completed_at"] is None, "marking a task not done clears completed_at")
    stored = api.get(path).expect(200, "the task is there").json()
    ensure(
        (stored["done"], stored["completed_at"]) == (False, None),
        f"the reopened task is stored so: got done={stored['done']}, "
        f"completed_at={stored['completed_at']}",
    )
    # end solution


@check()
def delete_task_is_204_then_404(api: Api) -> None:
    """Deleting a task answers 204 with no body; then reading or deleting it again is 404."""
    # solution: delete a task; 204 empty, then GET and DELETE are 404, and no list shows it
    task = api.create_task()
    path = f"/tasks/{task['id']}"
    deleted = api.delete(path).expect(204, "DELETE removes the task")
    ensure(deleted.text == "", f"a 204 has no body, got {deleted.text[:80]!r}")
    api.get(path).expect_problem(404, "a deleted task is gone")
    api.delete(path).expect_problem(404, "a task can be deleted only once")
    total = api.get("/tasks", limit=1).expect(200, "GET /tasks lists tasks").json()["total"]
    tail = api.get("/tasks", offset=max(total - 100, 0), limit=100).json()["items"]
    ensure(
        task["id"] not in [item["id"] for item in tail],
        "a deleted task is not listed any more",
    )
    # end solution


@check()
def list_pages_in_id_order_with_total(api: Api) -> None:
    """Lists come in id order, a page at a time, and total counts every match on all pages."""
    # solution: 5 tasks in a fresh project; page them 2 at a time; check ids, total, offset, limit
    project = api.create_project()
    ids = [api.create_task(title=f"task {n}")["id"] for n in range(5)]
    for task_id in ids:
        api.put(f"/projects/{project['id']}/tasks/{task_id}").expect(200, "tasks join a project")
    # A changed row may move on disk (PostgreSQL writes a new row version): id order must hold.
    api.patch(f"/tasks/{ids[0]}", {"title": "task 0, changed"}).expect(200, "a task is renamed")
    seen: list[int] = []
    for offset in (0, 2, 4, 6):
        page = api.get(f"/projects/{project['id']}/tasks", offset=offset, limit=2)
        body = page.expect(200, "a project's tasks are listed").json()
        ensure(
            (body["total"], body["offset"], body["limit"]) == (5, offset, 2),
            f"page at offset {offset}: expected total 5, offset {offset}, limit 2; got {body}",
        )
        seen += [item["id"] for item in body["items"]]
    ensure(seen == ids, f"the pages hold every task once, in id order: expected {ids}, got {seen}")
    total = api.get("/tasks", limit=1).expect(200, "GET /tasks lists tasks").json()["total"]
    last = api.get("/tasks", offset=total - 5, limit=5).expect(200, "the last page").json()
    ensure(
        [item["id"] for item in last["items"]] == ids,
        f"GET /tasks ends with the 5 newest tasks in id order {ids}, got {last['items']}",
    )
    # end solution


@check()
def list_filters_by_done(api: Api) -> None:
    """done=true and done=false list only those tasks, and total counts only those."""
    # solution: 3 tasks in a fresh project, 1 done; filter both ways; check items and totals
    project = api.create_project()
    tasks = [api.create_task(done=done) for done in (True, False, False)]
    for task in tasks:
        api.put(f"/projects/{project['id']}/tasks/{task['id']}").expect(200, "tasks join")
    for flag, expected in (("true", [tasks[0]["id"]]), ("false", [t["id"] for t in tasks[1:]])):
        body = api.get(f"/projects/{project['id']}/tasks", done=flag).expect(200, "filter").json()
        got = [item["id"] for item in body["items"]]
        ensure(got == expected, f"done={flag} lists exactly {expected}, got {got}")
        ensure(body["total"] == len(expected), f"done={flag}: total {len(expected)}, got {body}")
    done_page = api.get("/tasks", done="true", limit=100).expect(200, "filter /tasks").json()
    ensure(
        all(item["done"] is True for item in done_page["items"]),
        "GET /tasks?done=true lists only done tasks",
    )
    # end solution
