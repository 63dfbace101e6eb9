"""shared.fastapi_problems, shared.flask_problems, shared.settings and the live-server helpers."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from flask import Flask
from pydantic import BaseModel

from shared.coverage_gate import main as coverage_gate_main
from shared.fastapi_problems import install_problem_handlers as install_fastapi
from shared.flask_problems import install_problem_handlers as install_flask
from shared.settings import ServiceSettings
from shared.testing import live_asgi_server, live_wsgi_server


class ThingMissingError(Exception):
    """A domain error for the tests."""


class Thing(BaseModel):
    name: str


def make_fastapi_app() -> FastAPI:
    app = FastAPI()
    install_fastapi(app, {ThingMissingError: 404})

    @app.get("/things/{thing_id}")
    def read_thing(thing_id: int) -> dict[str, int]:
        if thing_id == 0:
            raise ThingMissingError("Thing 0 does not exist.")
        if thing_id == 1:
            raise HTTPException(status_code=409, detail="Thing 1 is busy.")
        return {"id": thing_id}

    @app.post("/things")
    def create_thing(thing: Thing) -> Thing:
        return thing

    return app


def make_flask_app() -> Flask:
    app = Flask(__name__)
    install_flask(app, {ThingMissingError: 404})

    @app.get("/things/<int:thing_id>")
    def read_thing(thing_id: int) -> dict[str, int]:
        if thing_id == 0:
            raise ThingMissingError("Thing 0 does not exist.")
        return {"id": thing_id}

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


def test_fastapi_validation_error_names_the_field_path() -> None:
    response = TestClient(make_fastapi_app()).post("/things", json={"name": 5})
    body = response.json()
    assert response.status_code == 422
    assert body["errors"][0]["loc"] == ["body", "name"]
    assert "body.name" in body["detail"]


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
