"""The command line: serving, SIGTERM and Ctrl+C, `connect`, and exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from day19_chat_server.cli import main
from day19_chat_server.tests.helpers import Clients, IrcClient, LineClient, running_server

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def served(*args: str) -> Iterator[tuple[subprocess.Popen[str], tuple[str, int]]]:
    """`python -m day19_chat_server --port 0 ARGS` in a subprocess; its address from stdout."""
    process = subprocess.Popen(
        [sys.executable, "-m", "day19_chat_server", "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.match(r"Serving chat on (\S+):(\d+)", line)
        assert match, f"the server should print 'Serving chat on HOST:PORT' first, not {line!r}"
        yield process, (match.group(1), int(match.group(2)))
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_signal_tells_every_client_and_exits_zero(tmp_path: Path, stop: signal.Signals) -> None:
    motd = tmp_path / "motd.txt"
    motd.write_text("Welcome, learners.\n", encoding="utf-8")
    with served("--motd", str(motd), "--log-format", "json") as (process, address):
        line_user = LineClient(address, nick="ada")
        irc_user = IrcClient(address)
        try:
            irc_user.register("bob")
            assert "- Welcome, learners." in " ".join(irc_user.seen), "--motd is the MOTD"
            process.send_signal(stop)
            assert "*** disconnected: Server shutting down" in line_user.expect_closed()
            goodbye = irc_user.expect_closed()
            assert any(g.startswith("ERROR :Closing Link") for g in goodbye), goodbye
            assert process.wait(timeout=10) == 0, "a signal is a clean stop: exit code 0"
        finally:
            line_user.close()
            irc_user.close()
        _, stderr = process.communicate(timeout=10)
    logs = [json.loads(line) for line in stderr.splitlines()]
    assert any("shutting down" in entry["message"] for entry in logs), "--log-format json"


def test_irc_flag_makes_every_client_irc() -> None:
    with served("--irc", "--server-name", "irc.example") as (_, address), Clients(address) as chat:
        plain = chat.raw()
        plain.send("hello")
        plain.expect(r"^:irc\.example 451 ")


def test_connect_is_a_tiny_netcat() -> None:
    with running_server() as server:
        host, port = server.address
        result = subprocess.run(
            [sys.executable, "-m", "day19_chat_server", "connect", "--port", str(port)],
            cwd=ROOT,
            input="/nick ada\n/who\n/quit\n",
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert result.returncode == 0, result.stderr
    assert "*** in #lobby (1): ada" in result.stdout and "*** bye" in result.stdout


def test_connect_to_no_server_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens on it
    assert main(["connect", "--port", str(port)]) == 1
    assert capsys.readouterr().err.startswith(f"error: cannot connect to 127.0.0.1:{port}")


def test_taken_port_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}"), err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--port", "70000"], "--port must be between 0 and 65535", id="bad-port"),
        pytest.param(["--ping-interval", "0"], "must be greater than 0", id="zero-ping"),
        pytest.param(["--motd", "no/such/file"], "cannot read the MOTD file", id="no-motd"),
        pytest.param(["--frobnicate"], "unrecognized arguments", id="unknown-option"),
        pytest.param(["--server-name", "a b"], "must be one word", id="server-name-with-space"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_help_works_without_a_server(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "--irc" in capsys.readouterr().out


def test_log_format_env_is_checked() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "day19_chat_server", "--port", "0"],
        cwd=ROOT,
        env={**os.environ, "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2 and "LOG_FORMAT" in result.stderr
