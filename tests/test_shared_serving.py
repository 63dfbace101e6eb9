"""shared.serving: the CLI half of every FastAPI day (arguments, binding, serving)."""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from shared.cli import CourseError
from shared.serving import add_server_arguments, bind_socket, server_options


def parser_for(port: int = 8099) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="demo")
    add_server_arguments(parser, default_port=port)
    return parser


def test_defaults_are_loopback_and_the_day_port() -> None:
    parser = parser_for(8042)
    options = server_options(parser, parser.parse_args([]))
    assert (options.host, options.port, options.verbose) == ("127.0.0.1", 8042, False)


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


SERVER_SCRIPT = """
from fastapi import FastAPI
from shared.logs import configure_logging
from shared.serving import ServerOptions, serve_asgi

app = FastAPI()

@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"pong": True}

configure_logging(json_lines=False)
raise SystemExit(serve_asgi(app, ServerOptions("127.0.0.1", 0, False), what="demo"))
"""


def test_serve_asgi_answers_until_ctrl_c_then_exits_0() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT],
        cwd=Path(__file__).resolve().parent.parent,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        log: list[str] = []
        for line in process.stderr:
            log.append(line)
            if "demo on http://" in line:
                break
        assert "demo on http://" in line, f"the server should log where it listens: {log}"
        base = line.split(" on ", 1)[1].split(" ", 1)[0]
        with urllib.request.urlopen(f"{base}/ping", timeout=5) as response:
            assert response.read() == b'{"pong":true}'
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0, "Ctrl+C is a clean shutdown: exit code 0"
    finally:
        process.kill()
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
