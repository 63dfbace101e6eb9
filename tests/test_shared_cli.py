"""shared.cli: the one error path (exit codes and one-line errors) every CLI uses."""

from __future__ import annotations

import logging

import pytest

from shared.cli import CourseError, UsageError, fail, output, run_cli


def test_course_error_prints_one_line_with_hint_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def work() -> int:
        raise CourseError("Redis is down.", hint="start redis-server")

    assert run_cli(work) == 1
    assert capsys.readouterr().err == "error: Redis is down. (start redis-server)\n"


def test_usage_error_exits_2() -> None:
    def work() -> int:
        raise UsageError("no such file: x.csv")

    assert run_cli(work) == 2


def test_unexpected_error_is_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def work() -> int:
        raise ValueError("boom")

    assert run_cli(work) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ValueError: boom"), err
    assert "Traceback" not in err


def test_verbose_logs_the_traceback(caplog: pytest.LogCaptureFixture) -> None:
    def work() -> int:
        raise CourseError("bad")

    with caplog.at_level(logging.DEBUG):
        assert run_cli(work, verbose=True) == 1
    assert any(record.exc_info for record in caplog.records), "verbose must log exc_info"


def test_keyboard_interrupt_exits_130(capsys: pytest.CaptureFixture[str]) -> None:
    def work() -> int:
        raise KeyboardInterrupt

    assert run_cli(work) == 130
    assert "interrupted" in capsys.readouterr().err


def test_success_returns_the_work_exit_code() -> None:
    assert run_cli(lambda: 0) == 0


def test_fail_folds_multiline_messages_into_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert fail("two\nlines", code=2) == 2
    assert capsys.readouterr().err == "error: two lines\n"


def test_output_writes_one_line_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    output("hello")
    output("world\n")
    assert capsys.readouterr().out == "hello\nworld\n"
