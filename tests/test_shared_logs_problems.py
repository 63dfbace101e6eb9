"""shared.logs and shared.problems: JSON log lines and the RFC 9457 body shape."""

from __future__ import annotations

import io
import json
import logging

import pytest

from shared.logs import configure_logging
from shared.problems import problem_body


def test_json_lines_carry_message_level_and_extra_fields() -> None:
    stream = io.StringIO()
    configure_logging(json_lines=True, stream=stream)
    logging.getLogger("course.test").info("served %s", "/tasks", extra={"request_id": "abc"})
    record = json.loads(stream.getvalue().splitlines()[-1])
    assert record["message"] == "served /tasks"
    assert record["level"] == "info"
    assert record["logger"] == "course.test"
    assert record["request_id"] == "abc"


def test_json_lines_include_the_exception() -> None:
    stream = io.StringIO()
    configure_logging(json_lines=True, stream=stream)
    try:
        raise RuntimeError("kaput")
    except RuntimeError:
        logging.getLogger("course.test").exception("failed")
    record = json.loads(stream.getvalue().splitlines()[-1])
    assert "RuntimeError: kaput" in record["exc_info"]


def test_human_format_when_not_json_and_verbose_enables_debug() -> None:
    stream = io.StringIO()
    configure_logging(verbose=True, json_lines=False, stream=stream)
    logging.getLogger("course.test").debug("details")
    line = stream.getvalue().strip()
    assert line.endswith("DEBUG   course.test: details"), line


def test_json_is_chosen_automatically_off_a_terminal() -> None:
    stream = io.StringIO()  # not a TTY
    configure_logging(stream=stream)
    logging.getLogger("course.test").warning("w")
    assert json.loads(stream.getvalue())["level"] == "warning"


def test_log_level_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "warning")
    configure_logging(stream=io.StringIO())
    assert logging.getLogger().level == logging.WARNING


def test_problem_body_has_the_rfc_9457_members() -> None:
    body = problem_body(404, "Task 7 does not exist.", task_id=7)
    assert body == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Task 7 does not exist.",
        "task_id": 7,
    }


def test_json_lines_carry_no_terminal_colours() -> None:
    """uvicorn adds a coloured copy (color_message) and werkzeug colours its request lines."""
    stream = io.StringIO()
    configure_logging(json_lines=True, stream=stream)
    logging.getLogger("uvicorn.error").info(
        "\x1b[31mGET /x\x1b[0m 404", extra={"color_message": "\x1b[36mcoloured\x1b[0m"}
    )
    record = json.loads(stream.getvalue().splitlines()[-1])
    assert record["message"] == "GET /x 404"
    assert "color_message" not in record
