"""shared.logs and shared.problems: JSON log lines and the RFC 9457 body shape."""

from __future__ import annotations

import io
import json
import logging

import pytest

from shared.logs import LogFormat, configure_logging
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


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as sys.stderr does in an interactive shell."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_log_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test of the automatic choice must not inherit the runner's LOG_FORMAT."""
    monkeypatch.delenv("LOG_FORMAT", raising=False)


@pytest.mark.usefixtures("no_log_format")
def test_json_is_chosen_automatically_off_a_terminal() -> None:
    stream = io.StringIO()  # not a TTY
    configure_logging(stream=stream)
    logging.getLogger("course.test").warning("w")
    assert json.loads(stream.getvalue())["level"] == "warning"


@pytest.mark.usefixtures("no_log_format")
def test_text_is_chosen_automatically_on_a_terminal() -> None:
    stream = Terminal()
    configure_logging(stream=stream)
    logging.getLogger("course.test").warning("w")
    assert stream.getvalue().rstrip().endswith("WARNING course.test: w")


@pytest.mark.parametrize(
    ("stream_type", "log_format", "json_expected"),
    [
        pytest.param(io.StringIO, "text", False, id="text-off-a-terminal"),
        pytest.param(Terminal, "json", True, id="json-on-a-terminal"),
        pytest.param(Terminal, "auto", False, id="auto-on-a-terminal"),
        pytest.param(io.StringIO, "auto", True, id="auto-off-a-terminal"),
    ],
)
def test_log_format_forces_text_or_json(
    stream_type: type[io.StringIO],
    log_format: LogFormat,
    json_expected: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOG_FORMAT", "text" if json_expected else "json")  # the argument wins
    stream = stream_type()
    configure_logging(log_format=log_format, stream=stream)
    logging.getLogger("course.test").info("hello")
    line = stream.getvalue().strip()
    assert line.startswith("{") is json_expected, line


@pytest.mark.parametrize(("value", "json_expected"), [("json", True), (" TEXT ", False)])
def test_log_format_comes_from_the_environment(
    value: str, json_expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_FORMAT", value)
    stream = Terminal() if json_expected else io.StringIO()  # the opposite of what auto picks
    configure_logging(stream=stream)
    logging.getLogger("course.test").info("hello")
    assert stream.getvalue().startswith("{") is json_expected


def test_json_lines_still_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "json")
    stream = io.StringIO()
    configure_logging(json_lines=False, stream=stream)
    logging.getLogger("course.test").info("hello")
    assert stream.getvalue().rstrip().endswith("INFO    course.test: hello")


def test_an_unknown_log_format_in_the_environment_warns_and_uses_auto(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")
    stream = io.StringIO()
    configure_logging(stream=stream)
    record = json.loads(stream.getvalue().splitlines()[0])
    assert record["level"] == "warning"
    assert record["message"] == "LOG_FORMAT=xml is not one of auto, text, json; using auto"


def test_an_unknown_log_format_argument_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="log_format must be one of"):
        configure_logging(log_format="xml", stream=io.StringIO())  # type: ignore[arg-type]


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
