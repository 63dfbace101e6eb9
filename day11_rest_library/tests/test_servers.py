"""Real servers on ephemeral loopback ports: `python -m day11_rest_library`, and gunicorn.

Here the bytes come from a real server (with its own Date header), and httplint reads them as
they arrive.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from day11_rest_library.tests.helpers import VALID_BOOK, Exchange, lint

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"(?:Serving library API on|Listening at:) http://127\.0\.0\.1:(\d+)")


@contextmanager
def server(argv: list[str], database_url: str, log: IO[str], *, workers: int = 0) -> Iterator[int]:
    """Start a server process, wait for its URL line (and workers), yield its port, stop it."""
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_FORMAT": "text"}
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    try:
        yield wait_for_port(Path(log.name), process, workers)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, "SIGTERM stops the server cleanly (exit code 0)"


def wait_for_port(log: Path, process: subprocess.Popen[str], workers: int) -> int:
    deadline = time.monotonic() + 60  # gunicorn and two workers boot slowly on a busy machine
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8")
        match = URL_LINE.search(text)
        if match and text.count("Booting worker") >= workers:
            return int(match.group(1))
        assert process.poll() is None, f"the server stopped:\n{text}"
        time.sleep(0.05)
    raise AssertionError(f"no server URL within 60 s:\n{log.read_text(encoding='utf-8')}")


def call(
    port: int, method: str, path: str, body: Any = None, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """One request over a fresh connection; the response linted as it came off the wire."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Accept": "application/json", **{k.replace("_", "-"): v for k, v in headers.items()}}
    data = None if body is None else json.dumps(body).encode()
    if data is not None:
        sent["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    received = response.getheaders()
    notes = lint(
        Exchange(
            method, path, list(sent.items()), response.status, response.reason, received, content
        )
    )
    assert not notes, f"{method} {path} -> {response.status}: httplint found {notes}"
    return response.status, dict(received), content


def exercise(port: int) -> None:
    """Create, read, revalidate and list a book: the day's semantics over a real socket."""
    status, headers, body = call(port, "POST", "/books", VALID_BOOK)
    assert status == 201, body
    location = headers["Location"]
    status, headers, body = call(port, "GET", location)
    assert status == 200 and json.loads(body)["title"] == "Dune"
    status, _, body = call(port, "GET", location, If_None_Match=headers["ETag"])
    assert status == 304 and body == b""
    status, _, _ = call(port, "GET", "/books/99999999999999999999")
    assert status == 404


def test_python_m_serves_the_api_until_sigterm(tmp_path: Path) -> None:
    """`python -m day11_rest_library --port 0` migrates its database and serves it."""
    url = f"sqlite:///{tmp_path / 'day11.db'}"
    with (tmp_path / "server.log").open("w+", encoding="utf-8") as log:
        argv = [sys.executable, "-m", "day11_rest_library", "--port", "0"]
        with server(argv, url, log) as port:
            exercise(port)


def test_gunicorn_with_two_workers_serves_the_api(tmp_path: Path) -> None:
    """The README's production command: gunicorn, two workers, migrations run once first."""
    url = f"sqlite:///{tmp_path / 'day11.db'}"
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:day11_rest_library.gunicorn_conf",
        "--workers",
        "2",
        "--bind",
        "127.0.0.1:0",
        "day11_rest_library.wsgi:app",
    ]
    with (tmp_path / "gunicorn.log").open("w+", encoding="utf-8") as log:
        with server(argv, url, log, workers=2) as port:
            exercise(port)
            for _ in range(4):  # both workers answer, from the one database
                assert call(port, "GET", "/books")[0] == 200
        text = Path(log.name).read_text(encoding="utf-8")
    assert "Traceback" not in text, text
