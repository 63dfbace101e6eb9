"""The WSGI middleware around day 11's Flask library API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from flask import Flask
from flask.testing import FlaskClient

from day16_logging import REQUEST_ID_HEADER
from day16_logging.tests.conftest import Logs
from shared.testing import live_wsgi_server


def test_each_request_writes_one_access_line_with_the_flask_route(
    library_client: FlaskClient, logs: Logs
) -> None:
    response = library_client.get("/books/4242", headers={REQUEST_ID_HEADER: "library-req-1"})
    assert response.status_code == 404
    (line,) = logs.access()
    assert line["route"] == "/books/<id:book_id>", "Flask's rule is the route template"
    assert (line["method"], line["status"], line["request_id"]) == ("GET", 404, "library-req-1")
    assert line["bytes"] == len(response.data)
    assert response.headers[REQUEST_ID_HEADER] == "library-req-1", "the id is echoed"


def test_unmatched_paths_are_one_route(library_client: FlaskClient, logs: Logs) -> None:
    library_client.get("/wp-admin/setup.php")
    assert logs.access()[0]["route"] == "<unmatched>"


def test_lines_of_a_request_carry_its_id_and_user(library_client: FlaskClient, logs: Logs) -> None:
    library_client.get("/test/work/atlas", headers={REQUEST_ID_HEADER: "library-req-2"})
    library_client.get("/test/whoami/7")
    messages = [line["message"] for line in logs.of_request("library-req-2")]
    assert messages[:2] == ["working on atlas", "done with atlas"], messages
    assert logs.access()[-1]["user"] == "7", "set_request_user names the user in the access line"


def test_an_unhandled_error_is_a_problem_500_with_the_request_id(
    library_client: FlaskClient, logs: Logs
) -> None:
    response = library_client.get("/test/boom", headers={REQUEST_ID_HEADER: "library-boom-1"})
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert response.get_json()["request_id"] == "library-boom-1"
    assert "Traceback" not in response.get_data(as_text=True)
    errors = [line for line in logs.of_request("library-boom-1") if "exc_info" in line]
    assert len(errors) == 1 and "RuntimeError" in errors[0]["exc_info"]
    assert "hunter2" not in logs.text(), "the secret in the error message is redacted"


def test_an_error_that_reaches_the_middleware_is_answered_too(
    library_app: Flask, logs: Logs
) -> None:
    """With PROPAGATE_EXCEPTIONS (Flask's testing mode) the middleware logs and answers."""
    library_app.config["PROPAGATE_EXCEPTIONS"] = True
    response = library_app.test_client().get(
        "/test/boom", headers={REQUEST_ID_HEADER: "library-boom-2"}
    )
    assert response.status_code == 500 and response.get_json()["request_id"] == "library-boom-2"
    errors = [line for line in logs.of_request("library-boom-2") if "exc_info" in line]
    assert len(errors) == 1 and errors[0]["logger"] == "day16_logging.errors"


def test_ids_never_mix_between_concurrent_threads(library_app: Flask, logs: Logs) -> None:
    """A real threaded werkzeug server, 40 requests from 8 threads: each line keeps its id."""
    with live_wsgi_server(library_app) as base, httpx.Client(base_url=base) as client:

        def send(n: int) -> int:
            headers = {REQUEST_ID_HEADER: f"thread-req-{n:04d}"}
            return client.get(f"/test/work/item{n}", headers=headers).status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(send, range(40))) == {200}
    work = [line for line in logs.lines() if line["logger"] == "day16_tests.work"]
    assert len(work) == 80
    for line in work:
        number = int(line["message"].rsplit("item", 1)[1])
        assert line["request_id"] == f"thread-req-{number:04d}", f"mixed up: {line}"
