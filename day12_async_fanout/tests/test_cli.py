"""`python -m day12_async_fanout [demo]`: serves on a port, exits 0 on Ctrl+C, 1 when the port
is taken, 2 for bad arguments, each with one `error:` line and no traceback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from day12_async_fanout.cli import main

ROOT = Path(__file__).resolve().parents[2]
ANNOUNCEMENT = re.compile(r"^Serving .* on (http://127\.0\.0\.1:\d+)$")


class Server:
    """A `python -m day12_async_fanout ...` process and the URL it announced."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "LOG_FORMAT": "json"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "day12_async_fanout", *args, "--port", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = ""

    def wait_until_serving(self) -> str:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            match = ANNOUNCEMENT.match(line.strip())
            if match:
                self.url = match.group(1)
                return self.url
        _, err = self.process.communicate(timeout=10)
        raise AssertionError(f"the server exited before announcing its address:\n{err}")

    def stop(self) -> tuple[int, str]:
        """Ctrl+C, then its exit code and stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, Server]]:
    """Both commands, started together (each takes a few seconds to start)."""
    started = {
        "serve": Server(),
        "demo": Server(
            "demo",
            "--stall",
            "wiki",
            "--down",
            "fx",
            "--deadline",
            "2",
            "--upstream-timeout",
            "0.4",
        ),
    }
    try:
        for server in started.values():
            server.wait_until_serving()
        yield started
    finally:
        for server in started.values():
            if server.process.poll() is None:
                server.process.kill()
                server.process.communicate()


def test_demo_serves_the_overview_against_local_stand_ins(servers: dict[str, Server]) -> None:
    """`demo --stall wiki --down fx`: a 200 with wiki timed out and fx refused, the rest ok."""
    response = httpx.get(f"{servers['demo'].url}/overview", params={"city": "Oslo"}, timeout=5)
    assert response.status_code == 200, response.text
    statuses = {name: s["status"] for name, s in response.json()["sources"].items()}
    assert statuses == {"weather": "ok", "crypto": "ok", "fx": "error", "wiki": "timeout"}
    assert response.json()["sources"]["weather"]["data"]["place"] == "Oslo"


def test_demo_sequential_mode_answers_too(servers: dict[str, Server]) -> None:
    url = f"{servers['demo'].url}/overview"
    response = httpx.get(url, params={"mode": "sequential"}, timeout=5)
    assert response.status_code == 200 and response.json()["mode"] == "sequential"


def test_serve_starts_against_the_public_apis_with_docs(servers: dict[str, Server]) -> None:
    """Without `demo` the app serves (its upstreams are the public APIs: not called here)."""
    url = servers["serve"].url
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(f"{url}/docs", timeout=5).status_code == 200
    names = [state["name"] for state in httpx.get(f"{url}/upstreams", timeout=5).json()]
    assert names == ["weather", "crypto", "fx", "wiki"]


def test_ctrl_c_stops_both_servers_with_exit_code_0(servers: dict[str, Server]) -> None:
    for name, server in servers.items():
        code, err = server.stop()
        assert code == 0, f"{name}: Ctrl+C is a normal way to stop a server\n{err}"
        assert "Traceback" not in err, f"{name} printed a traceback while stopping:\n{err}"


def test_help_names_the_demo_and_the_default_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "demo" in out and "8012" in out and "--deadline" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--port", "70000"], "--port must be between 0 and 65535", id="port"),
        pytest.param(["--deadline", "0"], "--deadline", id="zero-deadline"),
        pytest.param(["--deadline", "soon"], "--deadline", id="deadline-not-a-number"),
        pytest.param(["--upstream-timeout", "-1"], "--upstream-timeout", id="negative-timeout"),
        pytest.param(["--stall", "wiki"], "only apply to the demo", id="stall-without-demo"),
        pytest.param(["demo", "--down", "mars"], "invalid choice", id="unknown-source"),
        pytest.param(["deploy"], "invalid choice", id="unknown-command"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err


def test_a_taken_port_exits_1_with_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0], lines


def test_the_demo_on_a_taken_port_exits_1_too(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["demo", "--port", str(port)]) == 1
    assert "cannot listen on" in capsys.readouterr().err
