"""`configure_logging`: dictConfig, JSON off a terminal, text on one, LOG_LEVEL / LOG_FORMAT."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest

from day16_logging import configure_logging

log = logging.getLogger("day16_tests.config")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_lines_are_json_when_not_on_a_terminal() -> None:
    stream = io.StringIO()
    configure_logging(stream=stream)
    log.info("saved %d tasks", 3, extra={"project": "garden"})
    (line,) = map(json.loads, stream.getvalue().splitlines())
    assert line["message"] == "saved 3 tasks" and line["level"] == "info"
    assert line["project"] == "garden", "extra= fields become keys of the JSON line"
    assert line["logger"] == "day16_tests.config" and "time" in line


def test_lines_are_readable_text_on_a_terminal() -> None:
    stream = Terminal()
    configure_logging(stream=stream)
    log.warning("disk almost full")
    text = stream.getvalue()
    assert "WARNING" in text and "disk almost full" in text and not text.startswith("{")


def test_log_format_and_level_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "text")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    stream = io.StringIO()
    configure_logging(stream=stream)
    log.info("hidden")
    log.warning("shown")
    assert "hidden" not in stream.getvalue(), "LOG_LEVEL=warning drops INFO lines"
    assert "shown" in stream.getvalue() and not stream.getvalue().startswith("{")


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "text")
    monkeypatch.setenv("LOG_LEVEL", "ERROR")
    stream = Terminal()
    configure_logging("DEBUG", "json", stream)
    log.debug("details")
    assert json.loads(stream.getvalue())["message"] == "details"


@pytest.mark.parametrize(
    ("level", "fmt", "message"),
    [("LOUD", None, "log level"), (None, "xml", "log format")],
    ids=["bad-level", "bad-format"],
)
def test_a_bad_level_or_format_is_a_clear_error(
    level: str | None, fmt: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        configure_logging(level, fmt, io.StringIO())  # type: ignore[arg-type]


def test_the_text_line_shows_the_request_id_slot() -> None:
    stream = Terminal()
    configure_logging("INFO", "text", stream)
    log.info("outside any request")
    assert "[-] outside any request" in stream.getvalue(), "no request: a dash"


def test_importing_the_package_configures_nothing() -> None:
    code = (
        "import logging, day16_logging; "
        "print(len(logging.getLogger().handlers), logging.getLogger().level)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["0", str(logging.WARNING)], "no handler, level untouched"


def test_server_request_lines_give_way_to_the_access_line() -> None:
    configure_logging("INFO", "json", io.StringIO())
    assert not logging.getLogger("uvicorn.access").isEnabledFor(logging.INFO)
    assert not logging.getLogger("werkzeug").isEnabledFor(logging.INFO)
