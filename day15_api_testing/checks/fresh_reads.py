"""Reads after writes: whatever sits between the client and the database (day 10's cache, a
learner's), every read shows every write made before it.

This is the check that a cache breaks first. It reads before each write on purpose: a read
is what fills a cache, so a stale answer can only show up on the read after a write.
"""

from __future__ import annotations

from day15_api_testing.api import Api, ensure
from day15_api_testing.factories import tag_name
from day15_api_testing.registry import check


@check()
def reads_show_every_earlier_write(api: Api) -> None:
    """A read right after any write (change, tag, project, delete) shows that write."""
    # solution: read the task (filling any cache), write, read again: after a PATCH, a tag,
    # a project and a delete; each read must show the write before it
    task, project, name = api.create_task(done=False), api.create_project(), tag_name()
    path = f"/tasks/{task['id']}"

    def read() -> dict[str, object]:
        body: dict[str, object] = api.get(path).expect(200, "the task is there").json()
        return body

    read()
    api.patch(path, {"title": "Changed"}).expect(200, "a task can be renamed")
    ensure(read()["title"] == "Changed", "a read after PATCH shows the new title")
    api.put(f"{path}/tags/{name}").expect(200, "a task can be tagged")
    ensure(read()["tags"] == [name], "a read after tagging shows the tag")
    api.put(f"/projects/{project['id']}/tasks/{task['id']}").expect(200, "tasks join")
    ensure(read()["project_id"] == project["id"], "a read after PUT shows the project")
    api.delete(f"/projects/{project['id']}/tasks/{task['id']}").expect(204, "tasks leave")
    ensure(read()["project_id"] is None, "a read after leaving the project shows none")
    total = api.get("/tasks", limit=1).expect(200, "GET /tasks").json()["total"]
    api.delete(path).expect(204, "a task can be deleted")
    api.get(path).expect(404, "a read after DELETE finds no task")
    after = api.get("/tasks", limit=1).expect(200, "GET /tasks").json()["total"]
    ensure(after == total - 1, f"a list after DELETE counts one task less: {total} -> {after}")
    # end solution
