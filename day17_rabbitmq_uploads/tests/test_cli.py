"""The command line: serve, consume, dlq; exit codes 0/1/2 with one-line errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from day17_rabbitmq_uploads import Settings
from day17_rabbitmq_uploads.cli import main
from day17_rabbitmq_uploads.tests.helpers import (
    accepted,
    cli_options,
    csv_bytes,
)

NOWHERE = "amqp://guest:guest@127.0.0.1:1/%2F"  # nothing listens on port 1


def test_help_lists_the_commands_without_a_broker(capsys: pytest.CaptureFixture[str]) -> None:
    """In the test's process (the workspace's conformance test runs `python -m ... --help`)."""
    with pytest.raises(SystemExit) as exited:
        main(["--help", "--amqp-url", NOWHERE])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("serve", "consume", "dlq"):
        assert command in out, f"--help names `{command}`"


@pytest.mark.parametrize(
    "argv",
    [["--port", "0"], ["consume"], ["dlq", "list"], ["dlq", "purge"]],
    ids=["serve", "consume", "dlq-list", "dlq-purge"],
)
def test_missing_broker_is_one_error_line_that_says_how_to_start_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--amqp-url", NOWHERE]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/"), err
    assert "rabbitmq-server -detached" in err and err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["consume", "--prefetch", "0"], "prefetch"),
        (["consume", "--concurrency", "x"], "invalid int value"),
        (["consume", "--retry-delays", "5,1"], "growing"),
        (["dlq", "list", "--id", "abc"], "--id goes with `dlq replay`"),
        (["dlq", "peek"], "invalid choice"),
        (["dlq", "list", "--limit", "0"], "--limit must be at least 1"),
    ],
    ids=["prefetch-0", "concurrency-not-a-number", "delays-shrinking", "id-without-replay",
         "unknown-dlq-action", "limit-0"],
)  # fmt: skip
def test_usage_errors_exit_2_before_any_work(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_consume_drain_processes_what_is_queued_then_exits_0(
    client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    locations = [accepted(client, csv_bytes(10, seed=n), f"d{n}.csv") for n in range(3)]
    assert main(["consume", "--drain", "--prefetch", "5", *cli_options(settings)]) == 0
    assert [client.get(loc).json()["state"] for loc in locations] == ["done"] * 3
    out = capsys.readouterr().out
    assert out.startswith(f"Consuming {settings.day17_name}.jobs on amqp://guest:***@"), out
    assert "(prefetch 5, concurrency 2)" in out
