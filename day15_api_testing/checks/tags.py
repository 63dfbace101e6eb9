"""Checks of tags: create and list them, tag and untag tasks, list a tag's tasks."""

from __future__ import annotations

from day15_api_testing.api import Api, ensure, names_word
from day15_api_testing.factories import tag_name
from day15_api_testing.registry import check
from day15_api_testing.tables import INVALID_TAGS


@check()
def create_tag_answers_201_and_duplicate_is_409(api: Api) -> None:
    """Creating a tag answers 201 and lists it by name; the same name again is a 409."""
    # solution: POST two tags (201), find them in GET /tags in name order; a repeat is a 409
    first, second = sorted([tag_name(), tag_name()], reverse=True)
    for name in (first, second):
        created = api.post("/tags", {"name": name}).expect(201, "a new tag is created").json()
        ensure(created["name"] == name, f"the answer names the tag {name!r}: {created}")
    names = [item["name"] for item in api.get("/tags").expect(200, "GET /tags").json()]
    ours = [name for name in names if name in (first, second)]
    ensure(ours == [second, first], f"GET /tags lists both, by name: expected {[second, first]}")
    problem = api.post("/tags", {"name": first}).expect_problem(409, "tag names are unique")
    detail = str(problem.get("detail"))
    ensure(
        first in detail and names_word(detail.replace(first, ""), "tag"),
        f"the 409's detail says a tag named {first!r} exists: {problem}",
    )
    # end solution


@check(cases=INVALID_TAGS)
def invalid_tag_name_is_422(api: Api, name: str) -> None:
    """A tag name that is not a lowercase slug of at most 32 characters answers 422."""
    # solution: POST /tags with the row's name: a 422 problem
    api.post("/tags", {"name": name}).expect_problem(422, "tag names are lowercase slugs")
    # end solution


@check()
def tagging_is_idempotent_and_shows_everywhere(api: Api) -> None:
    """Tagging a task twice tags it once; the task, its tags and the tag's tasks all show it."""
    # solution: PUT the same tag twice; check the answer, GET the task, its tags, the tag's tasks
    task, name = api.create_task(), tag_name()
    for _ in range(2):
        tagged = api.put(f"/tasks/{task['id']}/tags/{name}").expect(200, "tagging a task").json()
    ensure(tagged["tags"] == [name], f"the task carries the tag once: {tagged['tags']}")
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task is there").json()
    ensure(read["tags"] == [name], f"GET /tasks/{task['id']} shows the tag, got {read['tags']}")
    tags = api.get(f"/tasks/{task['id']}/tags").expect(200, "the task's tags").json()
    ensure([t["name"] for t in tags] == [name], f"the task's tags are [{name!r}]: {tags}")
    listed = api.get(f"/tags/{name}/tasks").expect(200, "the tag exists now").json()
    ids = [item["id"] for item in listed["items"]]
    ensure(ids == [task["id"]] and listed["total"] == 1, f"the tag lists the task: {listed}")
    # end solution


@check()
def untag_removes_only_that_tag(api: Api) -> None:
    """Untagging removes that one tag (the tag itself stays); untagging again changes nothing."""
    # solution: tag a task twice (two names), untag one twice; the other stays; the tag still exists
    task = api.create_task()
    keep, drop = sorted([tag_name(), tag_name()])
    for name in (keep, drop):
        api.put(f"/tasks/{task['id']}/tags/{name}").expect(200, "tagging a task")
    for _ in range(2):
        left = api.delete(f"/tasks/{task['id']}/tags/{drop}").expect(200, "untagging").json()
        ensure(left["tags"] == [keep], f"only {drop!r} goes, {keep!r} stays: {left['tags']}")
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task is there").json()
    ensure(read["tags"] == [keep], f"GET shows only {keep!r}, got {read['tags']}")
    emptied = api.get(f"/tags/{drop}/tasks").expect(200, "an untagged tag still exists").json()
    ensure(emptied["total"] == 0, f"the removed tag lists no task: {emptied}")
    # end solution


@check()
def task_tags_come_sorted_by_name(api: Api) -> None:
    """A task's tags are listed by name, whatever order they were added in."""
    # solution: add three tags in reverse name order; the task's tags come sorted
    task = api.create_task()
    names = sorted(tag_name() for _ in range(3))
    for name in reversed(names):
        api.put(f"/tasks/{task['id']}/tags/{name}").expect(200, "tagging a task")
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task is there").json()
    ensure(read["tags"] == names, f"tags sorted by name: expected {names}, got {read['tags']}")
    # end solution
