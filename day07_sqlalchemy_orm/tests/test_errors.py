"""Database errors are mapped in one place: integrity 409, data 422, unreachable 503.

The extra routers here are the way later days add routes (`create_app(extra_routers=...)`),
used to reach database errors no day-7 route can provoke on purpose.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import make_url

from day07_sqlalchemy_orm import Project, SessionDep, Settings, create_app
from day07_sqlalchemy_orm.tests.conftest import AppFactory
from day07_sqlalchemy_orm.tests.helpers import add_project

PROBLEM_JSON = "application/problem+json"

probe = APIRouter(prefix="/probe")


@probe.post("/unflushed-duplicate", status_code=201)
def add_unflushed_duplicate(session: SessionDep) -> dict[str, str]:
    """Adds a duplicate name without flushing: the error comes at commit, after the route."""
    session.add(Project(name="Garden"))
    return {"status": "created"}


@probe.post("/write-then-fail")
def write_then_fail(session: SessionDep) -> None:
    """Stores a project, then fails: the whole request must be rolled back."""
    session.add(Project(name="Half-done"))
    session.flush()
    raise RuntimeError("the route failed after writing")


@probe.get("/projects")
def project_names(session: SessionDep) -> list[str]:
    """The stored project names, read straight through the session."""
    return list(session.scalars(select(Project.name).order_by(Project.name)))


def test_integrity_error_at_commit_is_409_not_201(make_app: AppFactory) -> None:
    """The session dependency commits before the response is sent, so a failed commit shows."""
    with TestClient(make_app(probe)) as client:
        add_project(client, "Garden")
        response = client.post("/probe/unflushed-duplicate")
    assert response.status_code == 409, "a commit that failed must not be reported as created"
    assert response.headers["content-type"] == PROBLEM_JSON
    detail = response.json()["detail"]
    assert "Garden" not in detail, "raw database messages (with values) stay in the logs"
    assert "the rule that projects.name is unique" in detail, "the 409 names the rule"


def test_failing_request_rolls_back_its_writes(make_app: AppFactory) -> None:
    with TestClient(make_app(probe), raise_server_exceptions=False) as client:
        assert client.post("/probe/write-then-fail").status_code == 500
        assert client.get("/probe/projects").json() == [], "the failed request stored nothing"


def test_value_the_database_refuses_is_422(make_app: AppFactory, database_url: str) -> None:
    """PostgreSQL enforces VARCHAR(100) and the app answers 422; SQLite stores any length."""
    too_long = APIRouter()

    @too_long.post("/too-long")
    def add_too_long(session: SessionDep) -> None:
        session.add(Project(name="x" * 500))
        session.flush()

    with TestClient(make_app(too_long)) as client:
        response = client.post("/too-long")
    if make_url(database_url).get_backend_name() != "postgresql":
        assert response.status_code == 200, "SQLite keeps a value of any length in VARCHAR(100)"
        return
    assert response.status_code == 422
    assert response.json()["detail"] == "The database refused a value in the request as invalid."


def test_unreachable_database_is_503() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with TestClient(create_app(settings)) as client:
        response = client.get("/projects")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "DATABASE_URL" in response.json()["detail"]


def test_every_route_documents_400_and_503_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if not {"400", "503"} <= operation["responses"].keys()
    ]
    assert not undocumented, f"these routes do not document 400 and 503: {undocumented}"


def test_unreadable_body_is_400_problem(client: TestClient) -> None:
    response = client.post(
        "/projects", content=b"\x80", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_JSON


def test_wrong_method_is_405_listing_the_allowed_ones(client: TestClient) -> None:
    response = client.patch("/projects")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["allow"] == "GET, POST", "Allow names every method of the path"
