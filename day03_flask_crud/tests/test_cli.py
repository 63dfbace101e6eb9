"""`python -m day03_flask_crud`: arguments, exit codes, one-line errors, and a real run."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from day03_flask_crud.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_help_describes_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--data", "--verbose", "--log-format"):
        assert option in out, f"--help should describe {option}"


def test_defaults_are_loopback_port_8003_and_memory_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines where it likes
    for default in ("default: 127.0.0.1", "default: 8003", "default: memory only"):
        assert default in out, f"--help should show the {default!r}"


@pytest.mark.parametrize("port", ["70000", "-1", "http"], ids=["too-big", "negative", "a-word"])
def test_a_bad_port_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--port", port])
    assert caught.value.code == 2, "a bad argument is a usage error: exit code 2"
    assert "--port" in capsys.readouterr().err, "the message names the option"


@pytest.mark.parametrize("data", ["folder", "file/books.json", "file/deeper/books.json"], ids=str)
def test_a_data_path_that_cannot_be_a_file_is_a_usage_error(
    tmp_path: Path, data: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["--data", str(tmp_path / data)])
    assert caught.value.code == 2, "a --data path that can never be a file is a usage error"
    err = capsys.readouterr().err
    assert "--data" in err and "Traceback" not in err, err


def test_a_corrupt_data_file_exits_1_with_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "books.json"
    data.write_text("{oops", encoding="utf-8")
    assert main(["--data", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, f"one line, no traceback without --verbose: {err}"
    assert err[0].startswith("error: the data file ") and "is not valid JSON" in err[0]
    assert "(fix the file" in err[0], "the hint says what to do"


def test_verbose_adds_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "books.json"
    data.write_text("[]", encoding="utf-8")
    assert main(["--data", str(data), "--verbose"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_taken_port_exits_1_with_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: cannot listen on 127.0.0.1:{port}"), err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_server_serves_seeded_books_and_stops_cleanly_on_a_signal(
    tmp_path: Path, stop: signal.Signals
) -> None:
    data = tmp_path / "var" / "books.json"  # as on a fresh clone: var/ does not exist yet
    command = [sys.executable, "-m", "day03_flask_crud", "--port", "0", "--data", str(data)]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOG_FORMAT": "json"},
    ) as process:
        assert process.stdout is not None
        try:
            line = process.stdout.readline()
            assert line.startswith("Serving book API on http://127.0.0.1:"), (
                f"the server announces its URL on stdout once it listens: {line!r}"
            )
            url = line.split(" on ", 1)[1].strip() + "/view"
            with urllib.request.urlopen(url, timeout=10) as response:
                body = json.load(response)
            assert body["total"] == 3, "a new data file starts with the sample books"
        finally:
            process.send_signal(stop)
            _, err = process.communicate(timeout=10)
    assert process.returncode == 0, f"{stop.name} is a normal stop:\n{err}"
    messages = [json.loads(line)["message"] for line in err.splitlines()]
    assert f"serving 3 books ({data})" in messages, f"LOG_FORMAT=json logs JSON: {messages}"
    assert json.loads(data.read_text(encoding="utf-8"))["next_id"] == 4, "seeds were saved"
