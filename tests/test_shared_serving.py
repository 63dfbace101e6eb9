"""shared.serving: the CLI half of every server day (arguments, binding, serving)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

from shared.cli import CourseError
from shared.serving import (
    ServerOptions,
    add_server_arguments,
    base_url,
    bind_socket,
    serve_wsgi,
    server_options,
)

ROOT = Path(__file__).resolve().parent.parent


def parser_for(port: int = 8099) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="demo")
    add_server_arguments(parser, default_port=port)
    return parser


def test_defaults_are_loopback_the_day_port_and_auto_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    parser = parser_for(8042)
    options = server_options(parser, parser.parse_args([]))
    assert (options.host, options.port, options.verbose) == ("127.0.0.1", 8042, False)
    assert options.log_format == "auto"


@pytest.mark.parametrize(
    ("env", "argv", "expected"),
    [
        pytest.param(None, ["--log-format", "json"], "json", id="flag"),
        pytest.param("text", [], "text", id="environment"),
        pytest.param("JSON", [], "json", id="environment-any-case"),
        pytest.param("json", ["--log-format", "text"], "text", id="flag-beats-environment"),
    ],
)
def test_log_format_comes_from_the_flag_or_log_format(
    env: str | None, argv: list[str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("LOG_FORMAT", raising=False)
    else:
        monkeypatch.setenv("LOG_FORMAT", env)
    parser = parser_for()
    assert server_options(parser, parser.parse_args(argv)).log_format == expected


def test_an_unknown_log_format_variable_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")
    parser = parser_for()
    with pytest.raises(SystemExit) as exit_info:
        server_options(parser, parser.parse_args([]))
    assert exit_info.value.code == 2
    assert "LOG_FORMAT must be one of auto, text, json, not 'xml'" in capsys.readouterr().err


def test_out_of_range_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    parser = parser_for()
    with pytest.raises(SystemExit) as exit_info:
        server_options(parser, parser.parse_args(["--port", "70000"]))
    assert exit_info.value.code == 2
    assert "--port must be between 0 and 65535" in capsys.readouterr().err


def test_a_taken_port_is_one_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CourseError, match=f"cannot listen on 127.0.0.1:{port}"):
            bind_socket("127.0.0.1", port)


def test_base_url_brackets_ipv6_hosts() -> None:
    assert base_url("127.0.0.1", 8003) == "http://127.0.0.1:8003"
    assert base_url("::1", 8003) == "http://[::1]:8003"


ASGI_SCRIPT = """
from fastapi import FastAPI
from shared.logs import configure_logging
from shared.serving import ServerOptions, serve_asgi

app = FastAPI()

@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"pong": True}

configure_logging(log_format="json")
raise SystemExit(serve_asgi(app, ServerOptions("127.0.0.1", 0, False), what="demo"))
"""


def run_until_announced(script: str) -> tuple[subprocess.Popen[str], str]:
    """Start a server script; return it and the URL its one stdout line announces."""
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "LOG_FORMAT"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # a flushed line, or "" if the server died first
    assert line.startswith("Serving demo on http://127.0.0.1:"), f"the start-up line: {line!r}"
    return process, line.split(" on ", 1)[1].strip()


def stop(process: subprocess.Popen[str], how: signal.Signals) -> tuple[int, str, str]:
    """Send `how`, wait, and return the exit code and the rest of stdout and stderr."""
    try:
        process.send_signal(how)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, out, err


def test_serve_asgi_announces_itself_answers_until_ctrl_c_then_exits_0() -> None:
    process, base = run_until_announced(ASGI_SCRIPT)
    try:
        with urllib.request.urlopen(f"{base}/ping", timeout=5) as response:
            assert response.read() == b'{"pong":true}'
    finally:
        code, out, err = stop(process, signal.SIGINT)
    assert code == 0, f"Ctrl+C is a clean shutdown: exit code 0\n{err}"
    assert out == "", "stdout holds the one Serving line and nothing else"
    records = [json.loads(line) for line in err.splitlines()]
    assert any(r["message"] == f"demo on {base} (docs at /docs)" for r in records), records


WSGI_SCRIPT = """
import signal
from flask import Flask
from shared.logs import configure_logging
from shared.serving import ServerOptions, serve_wsgi

app = Flask("demo")

@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"pong": True}

signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a shell's `&` does to a background job
configure_logging(log_format="json")
raise SystemExit(serve_wsgi(app, ServerOptions("127.0.0.1", 0, False), what="demo"))
"""


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_wsgi_announces_itself_answers_and_stops_cleanly_on_a_signal(
    how: signal.Signals,
) -> None:
    process, base = run_until_announced(WSGI_SCRIPT)
    try:
        for _ in range(2):  # werkzeug's threaded server keeps answering
            with urllib.request.urlopen(f"{base}/ping", timeout=5) as response:
                assert json.load(response) == {"pong": True}
    finally:
        code, out, err = stop(process, how)
    assert code == 0, f"{how.name} is a clean shutdown: exit code 0\n{err}"
    assert out == "", "stdout holds the one Serving line and nothing else"
    messages = [json.loads(line)["message"] for line in err.splitlines()]
    assert f"demo on {base}" in messages and messages[-1] == "stopped", messages
    assert any('"GET /ping HTTP/1.1" 200' in m for m in messages), "werkzeug logs each request"


def test_serve_wsgi_reports_a_taken_port_before_serving() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(CourseError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve_wsgi(Flask("demo"), ServerOptions("127.0.0.1", port, False))
