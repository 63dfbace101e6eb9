"""Checks of /projects: create, read, list, delete, and moving tasks in and out of them."""

from __future__ import annotations

import re

from day15_api_testing.api import Api, ensure, names_word
from day15_api_testing.factories import ProjectFactory, unique_suffix
from day15_api_testing.registry import check


@check()
def create_project_answers_201_and_lists_it(api: Api) -> None:
    """Creating a project answers 201 with its Location; it can be read and is listed by name."""
    # solution: create two projects (names in order), GET one, find both in GET /projects by name
    prefix = f"Project {unique_suffix()}"
    api.create_project(name=f"{prefix} b")  # created first: ids and names disagree on order
    project = api.create_project(name=f"{prefix} a")
    read = api.get(f"/projects/{project['id']}").expect(200, "a created project can be read")
    ensure(read.json() == project, f"GET shows the project POST answered: {project}, {read.text}")
    listed = api.get("/projects").expect(200, "GET /projects lists projects").json()
    names = [item["name"] for item in listed]
    ensure(project["name"] in names, f"GET /projects lists the new project {project['name']!r}")
    ours = [name for name in names if name.startswith(prefix)]
    ensure(ours == [f"{prefix} a", f"{prefix} b"], f"projects are listed by name, got {ours}")
    # end solution


@check()
def project_location_header_names_it(api: Api) -> None:
    """POST /projects points its Location header at the new project."""
    # solution: POST a project by hand and compare its Location with /projects/{id}
    reply = api.post("/projects", ProjectFactory.payload())
    project = reply.expect(201, "a new project is created").json()
    api.created_projects.append(project["id"])
    location = reply.headers.get("location")
    ensure(
        location == f"/projects/{project['id']}",
        f"Location must be /projects/{project['id']}, got {location!r}",
    )
    # end solution


@check()
def duplicate_project_name_is_409(api: Api) -> None:
    """A second project with a taken name answers 409 problem+json and is not stored."""
    # solution: create a project, POST its name again: a 409 problem, and the name is listed once
    project = api.create_project()
    again = api.post("/projects", {"name": project["name"]})
    api.created_projects += [again.json().get("id", 0)] if again.status == 201 else []
    problem = again.expect_problem(409, "project names are unique")
    detail = str(problem.get("detail"))
    ensure(
        project["name"] in detail and names_word(detail.replace(project["name"], ""), "project"),
        f"the 409's detail says a project named {project['name']!r} exists, got {detail!r}",
    )
    names = [item["name"] for item in api.get("/projects").expect(200, "list").json()]
    ensure(names.count(project["name"]) == 1, f"{project['name']!r} is stored once")
    # end solution


@check()
def assign_task_moves_it_between_projects(api: Api) -> None:
    """Putting a task in a project moves it out of its old one; doing it twice changes nothing."""
    # solution: put a task in project a, then b (twice); check project_id, GET, and both lists
    first, second = api.create_project(), api.create_project()
    task = api.create_task()
    moved = api.put(f"/projects/{first['id']}/tasks/{task['id']}").expect(200, "tasks join")
    ensure(moved.json()["project_id"] == first["id"], f"the task is in {first['id']}: {moved.text}")
    for _ in range(2):
        moved = api.put(f"/projects/{second['id']}/tasks/{task['id']}").expect(200, "idempotent")
    ensure(moved.json()["project_id"] == second["id"], "the task moved to the second project")
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task is there").json()
    ensure(read["project_id"] == second["id"], f"GET shows the task's new project: {read}")
    old = api.get(f"/projects/{first['id']}/tasks").expect(200, "list").json()
    new = api.get(f"/projects/{second['id']}/tasks").expect(200, "list").json()
    ensure(old["total"] == 0, f"the old project lists no task any more: {old}")
    ids = [item["id"] for item in new["items"]]
    ensure(ids == [task["id"]], f"the new project lists the task once: expected {[task['id']]}")
    # end solution


@check()
def unassign_task_leaves_it_in_no_project(api: Api) -> None:
    """Taking a task out of its project answers 204; it stays, in no project; again is 404."""
    # solution: put a task in a project, DELETE the link twice (204, then 404); the task remains
    project, task = api.create_project(), api.create_task()
    if project["id"] == task["id"]:  # ids that differ, so the detail must name each one
        project = api.create_project()
    link = f"/projects/{project['id']}/tasks/{task['id']}"
    api.put(link).expect(200, "the task joins the project")
    api.delete(link).expect(204, "the task leaves the project")
    read = api.get(f"/tasks/{task['id']}").expect(200, "the task itself stays").json()
    ensure(read["project_id"] is None, f"the task is in no project, got {read['project_id']}")
    problem = api.delete(link).expect_problem(404, "a task not in the project cannot leave it")
    detail = str(problem.get("detail"))
    ensure(
        {str(task["id"]), str(project["id"])} <= set(re.findall(r"\d+", detail)),
        f"the 404's detail names the task {task['id']} and the project {project['id']}, got"
        f" {detail!r}",
    )
    # end solution


@check()
def project_with_tasks_cannot_be_deleted(api: Api) -> None:
    """A project that still has tasks answers 409 to DELETE; once empty it is deleted (204)."""
    # solution: a project with a task: DELETE is a 409 problem; take the task out, DELETE is 204
    project, task = api.create_project(), api.create_task()
    path = f"/projects/{project['id']}"
    api.put(f"{path}/tasks/{task['id']}").expect(200, "the task joins the project")
    problem = api.delete(path).expect_problem(409, "a project with tasks cannot be deleted")
    ensure(
        str(project["id"]) in str(problem.get("detail")),
        f"the 409's detail names the project {project['id']}, got {problem.get('detail')!r}",
    )
    listed = api.get(f"{path}/tasks").expect(200, "the refused delete kept the project").json()
    ensure(listed["total"] == 1, f"the refused delete kept the task in it: {listed}")
    api.delete(f"{path}/tasks/{task['id']}").expect(204, "the task leaves the project")
    api.delete(path).expect(204, "an empty project can be deleted")
    api.get(path).expect_problem(404, "a deleted project is gone")
    # end solution
