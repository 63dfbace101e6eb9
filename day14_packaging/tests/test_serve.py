"""`serve`: the private index keeps running for other projects until it is stopped."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from day14_packaging.cli import main

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def put_wheel(packages: Path) -> str:
    """A (tiny) wheel in the index's folder, as `publish` leaves the real ones."""
    packages.mkdir(parents=True)
    name = "tiny-0.1-py3-none-any.whl"
    with zipfile.ZipFile(packages / name, "w") as archive:
        archive.writestr("tiny-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: tiny\n")
    return name


def test_serve_answers_pip_until_sigterm_then_exits_0(tmp_path: Path) -> None:
    wheel = put_wheel(tmp_path / "packages")
    port = free_port()
    args = [sys.executable, "-m", "day14_packaging", "serve", "--workdir", str(tmp_path)]
    server = subprocess.Popen(
        [*args, "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while not answers(f"http://127.0.0.1:{port}/simple/") and time.monotonic() < deadline:
            assert server.poll() is None, server.communicate()[1].decode()
            time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/simple/tiny/", timeout=5) as page:
            assert wheel in page.read().decode(), "the project page links the wheel for pip"
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=20)
    assert server.returncode == 0, err.decode()
    text = out.decode()
    assert f"Serving the emailcheck package index on http://127.0.0.1:{port}" in text
    assert text.rstrip().endswith("the index is stopped"), text
    assert not answers(f"http://127.0.0.1:{port}/simple/"), "pypiserver stops with it"


def test_serve_on_a_busy_port_is_one_error_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert main(["serve", "--workdir", str(tmp_path), "--port", port]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: index failed: pypiserver exited") and err.count("\n") == 1
