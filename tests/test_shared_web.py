"""shared.fastapi_problems, shared.flask_problems, shared.settings and the live-server helpers."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import Body, FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from flask import Flask
from pydantic import BaseModel, ConfigDict, Discriminator, Tag

from shared.coverage_gate import main as coverage_gate_main
from shared.fastapi_problems import Problem, problem_responses
from shared.fastapi_problems import install_problem_handlers as install_fastapi
from shared.flask_problems import install_problem_handlers as install_flask
from shared.flask_problems import json_body
from shared.problems import FieldError, FieldValidationError
from shared.settings import ServiceSettings
from shared.testing import live_asgi_server, live_wsgi_server


class ThingMissingError(Exception):
    """A domain error for the tests."""


class Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    size: int | list[int] = 0  # a smart union: pydantic's loc names the member it tried


def _shape(value: Any) -> str:
    return "many" if isinstance(value, list) else "one"


# A tagged union, as day 9 accepts one activity or a batch: loc holds the tag ("one", "many").
OneOrMany = Annotated[
    Annotated[Thing, Tag("one")] | Annotated[list[Thing], Tag("many")], Discriminator(_shape)
]

NAME_TAKEN = FieldValidationError([FieldError("name", "is taken")])


def make_fastapi_app() -> FastAPI:
    app = FastAPI()
    install_fastapi(app, {ThingMissingError: 404})

    @app.get("/things/{thing_id}", responses=problem_responses({404: "No such thing."}))
    def read_thing(thing_id: int, limit: int = 10) -> dict[str, int]:
        if thing_id == 0:
            raise ThingMissingError("Thing 0 does not exist.")
        if thing_id == 1:
            raise HTTPException(status_code=409, detail="Thing 1 is busy.")
        return {"id": thing_id}

    @app.post("/things")
    def create_thing(thing: Thing) -> Thing:
        if thing.name == "taken":
            raise NAME_TAKEN
        return thing

    @app.post("/raw")
    def create_raw(payload: Annotated[Any, Body()]) -> int:
        # As day 9 checks keys itself: its own RequestValidationError carries no body.
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("body", "f", 0, "$ne"), "msg": "Value error, no $"}]
        )

    @app.post("/batches")
    def create_batch(payload: Annotated[OneOrMany, Body()]) -> int:
        return len(payload) if isinstance(payload, list) else 1

    return app


def make_flask_app() -> Flask:
    app = Flask(__name__)
    install_flask(app, {ThingMissingError: 404})

    @app.get("/things/<int:thing_id>")
    def read_thing(thing_id: int) -> dict[str, int]:
        if thing_id == 0:
            raise ThingMissingError("Thing 0 does not exist.")
        return {"id": thing_id}

    @app.post("/things")
    def create_thing() -> dict[str, Any]:
        body = json_body()
        if body == {"name": "taken"}:
            raise NAME_TAKEN
        return {"got": body}

    return app


def test_fastapi_domain_error_becomes_a_problem() -> None:
    response = TestClient(make_fastapi_app()).get("/things/0")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Thing 0 does not exist.",
    }


def test_fastapi_http_exception_and_unknown_route_are_problems() -> None:
    client = TestClient(make_fastapi_app())
    assert client.get("/things/1").json()["detail"] == "Thing 1 is busy."
    assert client.get("/nowhere").json()["status"] == 404


def test_fastapi_validation_error_lists_field_and_message_keeping_pydantic_keys() -> None:
    response = TestClient(make_fastapi_app()).post("/things", json={"name": 5})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "Invalid input: body.name: Input should be a valid string.",
        "errors": [
            {
                "field": "body.name",
                "message": "Input should be a valid string",
                "loc": ["body", "name"],
                "msg": "Input should be a valid string",
                "type": "string_type",
            }
        ],
    }


@pytest.mark.parametrize(
    ("path", "request_body", "fields"),
    [
        pytest.param("/batches", {"name": 5}, ["body.name"], id="tag-of-one"),
        pytest.param("/batches", [{"name": "a"}, {"name": 5}], ["body.1.name"], id="tag-of-many"),
        pytest.param("/batches", {}, ["body.name"], id="missing-under-a-tag"),
        pytest.param("/batches", [{"name": "a", "$set": 1}], ["body.0.$set"], id="extra-key"),
        pytest.param("/things", {"name": "a", "size": "x"}, ["body.size"] * 2, id="smart-union"),
        pytest.param("/things", None, ["body"], id="no-body"),
        pytest.param("/raw", {"f": [{"$ne": 1}]}, ["body.f.0.$ne"], id="raised-without-body"),
    ],
)
def test_fastapi_error_fields_are_paths_the_client_sent_never_union_tags(
    path: str, request_body: Any, fields: list[str]
) -> None:
    response = TestClient(make_fastapi_app()).post(path, json=request_body)
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == fields
    for tag in ("one", "many", "int", "list[int]"):
        assert f".{tag}" not in body["detail"], f"the internal tag {tag!r} leaked: {body}"


def test_fastapi_broken_json_is_one_error_on_the_body() -> None:
    response = TestClient(make_fastapi_app()).post(
        "/things", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    [error] = response.json()["errors"]
    assert (error["field"], error["type"]) == ("body", "json_invalid")
    assert error["message"].startswith("JSON decode error: "), "the parser's reason is kept"


def test_fastapi_parameter_errors_name_the_parameter() -> None:
    client = TestClient(make_fastapi_app())
    assert client.get("/things/x").json()["errors"][0]["field"] == "path.thing_id"
    assert client.get("/things/5?limit=x").json()["errors"][0]["field"] == "query.limit"


def test_field_validation_error_is_the_same_422_in_fastapi_and_flask() -> None:
    fastapi_answer = TestClient(make_fastapi_app()).post("/things", json={"name": "taken"})
    flask_answer = make_flask_app().test_client().post("/things", json={"name": "taken"})
    expected = {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "Invalid input: name is taken.",
        "errors": [{"field": "name", "message": "is taken"}],
    }
    assert (fastapi_answer.status_code, fastapi_answer.json()) == (422, expected)
    assert (flask_answer.status_code, flask_answer.get_json()) == (422, expected)
    assert flask_answer.mimetype == "application/problem+json"


def test_problem_model_documents_problem_json_with_an_inline_schema() -> None:
    schema = make_fastapi_app().openapi()
    answer = schema["paths"]["/things/{thing_id}"]["get"]["responses"]["404"]
    assert answer["description"] == "No such thing."
    problem_schema = answer["content"]["application/problem+json"]["schema"]
    assert "$ref" not in json.dumps(problem_schema), "a pydantic $defs reference would dangle"
    assert problem_schema["properties"]["errors"]["items"]["required"] == ["field", "message"]
    parsed = Problem.model_validate(TestClient(make_fastapi_app()).get("/things/0").json())
    assert (parsed.status, parsed.errors) == (404, None)


@pytest.mark.parametrize(
    ("data", "content_type", "status", "detail"),
    [
        pytest.param(b'{"a": 1}', "text/plain", 415, "not 'text/plain'", id="not-json"),
        pytest.param(b'{"a": 1}', None, 415, "but none was sent", id="no-type"),
        pytest.param(b'{"a": ', "application/json", 400, "not valid JSON", id="truncated"),
        pytest.param(b"[" * 30000, "application/json", 400, "not valid JSON", id="too-deep"),
    ],
)
def test_flask_json_body_answers_415_and_400_as_problems(
    data: bytes, content_type: str | None, status: int, detail: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = make_flask_app().test_client().post("/things", data=data, headers=headers)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    assert detail in response.get_json()["detail"]


def test_flask_json_body_returns_the_decoded_body() -> None:
    response = make_flask_app().test_client().post("/things", json={"name": "x"})
    assert response.get_json() == {"got": {"name": "x"}}


def test_flask_domain_error_and_405_are_problems() -> None:
    client = make_flask_app().test_client()
    missing = client.get("/things/0")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    assert missing.get_json()["detail"] == "Thing 0 does not exist."
    wrong_method = client.delete("/things/3")
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.headers["Allow"], "a 405 must still say which methods work"


def test_settings_read_conventional_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/3")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/app")
    settings = ServiceSettings()
    assert settings.redis_url == "redis://cache:6379/3"
    assert settings.database_url == "postgresql+psycopg://db/app"
    assert settings.mongodb_url is None


def test_live_servers_answer_real_http() -> None:
    with live_wsgi_server(make_flask_app()) as base:
        with urllib.request.urlopen(f"{base}/things/5") as response:
            assert json.load(response) == {"id": 5}
    with live_asgi_server(make_fastapi_app()) as base:
        with urllib.request.urlopen(f"{base}/things/6") as response:
            assert json.load(response) == {"id": 6}


def test_coverage_gate_fails_a_package_under_the_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import coverage

    package = tmp_path / "day99_demo"
    package.mkdir()
    source = package / "mod.py"
    source.write_text("def f(x):\n    if x:\n        return 1\n    return 2\n")
    cov = coverage.Coverage(data_file=str(tmp_path / ".coverage"), branch=True, config_file=False)
    cov.start()
    namespace: dict[str, object] = {}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    namespace["f"](True)  # type: ignore[operator]
    cov.stop()
    cov.save()
    data = ["--data-file", str(tmp_path / ".coverage")]
    assert coverage_gate_main(["--root", str(tmp_path), *data]) == 1
    out = capsys.readouterr()
    assert "day99_demo" in out.out and "under 90.0%" in out.err
    assert coverage_gate_main(["--root", str(tmp_path), *data, "--min", "10"]) == 0
